using System.Globalization;
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

    public static void MapDashboardData(this RouteGroupBuilder api, Func<IActorRef> manager, ApiOptions options)
    {
        api.MapGet("/jobs/{id}/curves", async (string id, HttpRequest request, CancellationToken ct) =>
        {
            var errors = new List<string>();
            var best = Integer(request, "best", CurvesBuilder.DefaultBest, 1, MaxBest, errors);
            var metric = request.Query["metric"].ToString();
            if (metric.Length == 0) metric = "";
            else if (!SpecWords.Objectives.Contains(metric))
                errors.Add($"metric must be one of {string.Join(", ", SpecWords.Objectives)} (got '{ApiResults.Printable(metric)}')");
            var all = Flag(request, "all", errors);
            var include = request.Query["trial"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Take(100).ToValueList();
            if (errors.Count > 0) return ApiResults.Errors(StatusCodes.Status400BadRequest, errors);
            // No metric asked: the job's objective, which the job knows.
            return await manager().Ask<ITunerMessage>(new GetCurves(id, best, metric, all, include.Count > 0 ? include : null), options.AskTimeoutOrDefault, ct) switch
            {
                JobCurves curves => ApiResults.Json(curves.Curves),
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

    private static int Integer(HttpRequest request, string name, int fallback, int min, int max, List<string> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors.Add($"{name} must be an integer from {min} to {max} (got '{ApiResults.Printable(text)}')");
        return fallback;
    }

    private static bool Flag(HttpRequest request, string name, List<string> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0 || text == "false") return false;
        if (text == "true") return true;
        errors.Add($"{name} must be true or false (got '{ApiResults.Printable(text)}')");
        return false;
    }
}
