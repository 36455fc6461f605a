using Akka.Actor;
using Microsoft.AspNetCore.Http;

namespace Tuner.Coordinator.Api;

/// <summary>A coordinator's readiness (<c>/readyz</c> here, <c>/ready</c> on its management port): an Up cluster member
/// (in cluster mode), whose journal's database answers and whose JobManager — recovered from the journal — answers;
/// liveness (<c>/healthz</c>, <c>/alive</c>) never depends on this.</summary>
public static class Readiness
{
    public static async Task<IResult> CheckAsync(ActorSystem system, JobManagerClient client, Func<CancellationToken, Task>? journalProbe, CancellationToken ct) =>
        await ProblemAsync(system, client, journalProbe, ct) is { } problem
            ? ApiResults.Errors(StatusCodes.Status503ServiceUnavailable, $"not ready: {problem}")
            : ApiResults.Json(new { status = "ready" });

    /// <summary>Null when ready, else why not.</summary>
    public static async Task<string?> ProblemAsync(ActorSystem system, JobManagerClient client, Func<CancellationToken, Task>? journalProbe, CancellationToken ct)
    {
        if (Runtime.Membership.MembershipReadiness.Problem(system) is { } membership) return membership;
        // Both asked at once, each within 3 s, so the answer comes inside a probe's 4 s timeout.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        var journal = journalProbe is null ? Task.CompletedTask : journalProbe(timeout.Token);
        var manager = client.ListAsync(ct);
        try
        {
            await journal;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _ = manager.ContinueWith(t => t.Exception, TaskScheduler.Default); // observed, not awaited
            return $"the journal's database did not answer ({e.Message})";
        }
        try
        {
            await manager;
            return null;
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return "the job manager (and its journal) did not answer";
        }
    }
}
