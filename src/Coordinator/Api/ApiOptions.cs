namespace Tuner.Coordinator.Api;

/// <summary>Settings of the HTTP API.</summary>
/// <param name="Token">When set (TUNER_API_TOKEN), every /api request needs <c>Authorization: Bearer &lt;token&gt;</c>.</param>
/// <param name="MaxBodyBytes">Larger request bodies are answered 413 (default 64 MiB).</param>
public sealed record ApiOptions(string? Token = null, long MaxBodyBytes = ApiOptions.DefaultMaxBodyBytes, TimeSpan? AskTimeout = null)
{
    public const long DefaultMaxBodyBytes = 64L * 1024 * 1024;
}
