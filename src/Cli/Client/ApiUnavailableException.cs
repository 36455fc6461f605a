namespace Tuner.Cli.Client;

/// <summary>The server could not be reached or failed (network error, timeout, 5xx): a runtime failure (exit 1)
/// whose message names the URL that failed.</summary>
public sealed class ApiUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
