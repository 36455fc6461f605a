namespace Tuner.Cli.Client;

/// <summary>The server could not be reached or failed (network error, timeout, 5xx): a runtime failure (exit 1)
/// whose message names the URL that failed. <paramref name="status"/> is the server's answer when there was one (a 503
/// during a coordinator fail-over: the server is there, the job manager is moving), null when nothing answered.
/// <paramref name="mayHaveArrived"/>: the request may have reached the server — it answered, or the connection broke or
/// timed out once made — so what it asked for may have been done (a submission sent again needs its key).</summary>
public sealed class ApiUnavailableException(string message, Exception? inner = null, int? status = null, bool mayHaveArrived = false) : Exception(message, inner)
{
    public int? Status { get; } = status;

    public bool MayHaveArrived { get; } = mayHaveArrived || status is not null;
}
