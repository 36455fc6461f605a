using Akka.Actor;
using Microsoft.AspNetCore.Http;

namespace Tuner.Coordinator.Api;

/// <summary><c>/readyz</c>: ready when this node is an Up cluster member (in cluster mode) and the
/// JobManager — recovered from the journal — answers; liveness (<c>/healthz</c>) never depends on this.</summary>
internal static class Readiness
{
    public static async Task<IResult> CheckAsync(ActorSystem system, JobManagerClient client, CancellationToken ct)
    {
        if (system.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
        {
            var status = Akka.Cluster.Cluster.Get(system).SelfMember.Status;
            if (status != Akka.Cluster.MemberStatus.Up)
                return ApiResults.Errors(StatusCodes.Status503ServiceUnavailable, $"not ready: cluster membership is {status}, not Up");
        }
        try
        {
            await client.ListAsync(ct);
            return ApiResults.Json(new { status = "ready" });
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return ApiResults.Errors(StatusCodes.Status503ServiceUnavailable, "not ready: the job manager (and its journal) did not answer");
        }
    }
}
