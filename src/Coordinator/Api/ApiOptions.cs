using Tuner.Runtime.Blobs;

namespace Tuner.Coordinator.Api;

/// <summary>Settings of the HTTP API.</summary>
/// <param name="Token">When set (TUNER_API_TOKEN), every /api request needs <c>Authorization: Bearer &lt;token&gt;</c>.</param>
/// <param name="MaxBodyBytes">Larger request bodies are answered 413 (default 64 MiB; TUNER_MAX_BODY_BYTES).</param>
/// <param name="AskTimeout">How long a request waits for the job manager before answering 503 (default 30 s).</param>
/// <param name="Heartbeat">How often an idle event stream sends a comment line, so proxies keep it open.</param>
public sealed record ApiOptions(string? Token = null, long MaxBodyBytes = ApiOptions.DefaultMaxBodyBytes, TimeSpan? AskTimeout = null, TimeSpan? Heartbeat = null)
{
    public const long DefaultMaxBodyBytes = 64L * 1024 * 1024;

    public TimeSpan AskTimeoutOrDefault => AskTimeout ?? JobManagerClient.DefaultTimeout;

    public TimeSpan HeartbeatOrDefault => Heartbeat ?? TimeSpan.FromSeconds(15);

    /// <summary>Asks the journal's database for an answer (throws when it does not): part of <c>/readyz</c>, because
    /// the job manager answers from memory once it has recovered.</summary>
    public Func<CancellationToken, Task>? JournalProbe { get; init; }

    /// <summary>The checkpoint and dataset store, where <c>GET /api/jobs/{id}/model</c> reads the best model (404 without one).</summary>
    public IBlobStore? Blobs { get; init; }
}
