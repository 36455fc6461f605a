using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs.Job;
using static Tuner.Contracts.Protocol.DashboardProtocol;

namespace Tuner.Coordinator.Api.Dashboard;

/// <summary>What only the dashboard asks for, small at any number of trials (docs/api.md):
/// <c>GET /api/jobs/{id}/curves?best=50&amp;metric=val_loss[&amp;all=true][&amp;trial=ID…]</c> — the best trials' learning
/// curves and the quantile band of the rest — and <c>GET /api/jobs/{id}/points</c>, every trial without history, column
/// by column. Both answered by the job's actor.</summary>
internal static class DashboardDataEndpoints
{
    public const int MaxBest = 1000;

    /// <summary>Trials asked for by id (<c>trial=</c>), at most.</summary>
    public const int MaxTrials = 100;

    public static void MapDashboardData(this RouteGroupBuilder api, Func<IActorRef> manager, ApiOptions options)
    {
        api.MapGet("/jobs/{id}/curves", async (string id, HttpRequest request, CancellationToken ct) =>
        {
            var errors = new List<string>();
            var best = QueryParameters.Integer(request.Query, "best", CurvesBuilder.DefaultBest, 1, MaxBest, errors);
            var metric = QueryParameters.Single(request.Query, "metric", errors) ?? "";
            if (metric.Length > 0 && !SpecWords.Objectives.Contains(metric))
                errors.Add($"metric must be one of {string.Join(", ", SpecWords.Objectives)} (got '{Contracts.EchoedText.Of(metric)}')");
            var all = QueryParameters.Flag(request.Query, "all", false, errors);
            var include = request.Query["trial"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct(StringComparer.Ordinal).ToValueList();
            if (include.Count > MaxTrials) errors.Add($"trial is given {include.Count} times; at most {MaxTrials} trials are drawn besides the best");
            if (errors.Count > 0) return ApiResults.Errors(StatusCodes.Status400BadRequest, errors);
            // No metric asked: the job's objective, which the job knows.
            return await manager().Ask<ITunerMessage>(new GetCurves(id, best, metric, all, include.Count > 0 ? include : null), options.AskTimeoutOrDefault, ct) switch
            {
                JobCurves curves => ApiResults.Json(curves.Curves),
                JobProtocol.JobRejected rejected => ApiResults.Errors(StatusCodes.Status400BadRequest, rejected.Errors),
                JobProtocol.JobNotFound => ApiResults.NotFound(id),
                var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name}"),
            };
        });
        api.MapGet("/jobs/{id}/points", async (string id, CancellationToken ct) =>
            await manager().Ask<ITunerMessage>(new GetTrialPoints(id), options.AskTimeoutOrDefault, ct) switch
            {
                JobTrialPoints points => ApiResults.Json(points.Points),
                JobProtocol.JobNotFound => ApiResults.NotFound(id),
                var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name}"),
            });
    }
}
