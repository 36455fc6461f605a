using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Api.Dashboard;
using Tuner.Coordinator.Jobs;

namespace Tuner.Coordinator.Api;

/// <summary>The coordinator's HTTP API (PRODUCT.md §4, docs/api.md) and the dashboard. Every answer comes from the
/// job actors via the JobManager; bad input is a 4xx with <c>{"errors": [...]}</c> naming the problem.</summary>
public static class TunerApi
{
    public static WebApplication MapTunerApi(this WebApplication app, ApiOptions options)
    {
        // 404 (no route), 405 (wrong method) and any other status no endpoint wrote a body for still answer with a message.
        app.UseStatusCodePages(context => ApiResults.Errors(context.HttpContext.Response.StatusCode, StatusMessage(context.HttpContext)).ExecuteAsync(context.HttpContext));
        if (options.Token is { Length: > 0 } token)
        {
            var check = new BearerTokenCheck(token);
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/api") && !check.IsAuthorized(context.Request))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await ApiResults.Errors(StatusCodes.Status401Unauthorized, "missing or wrong bearer token: send Authorization: Bearer <TUNER_API_TOKEN>").ExecuteAsync(context);
                    return;
                }
                await next(context);
            });
        }

        var api = app.MapGroup("/api");
        api.MapPost("/jobs", async (HttpRequest request, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
        {
            var read = await SubmissionReader.ReadAsync(request, options, ct);
            if (read.Problem is { } unread) return unread;
            var key = IdempotencyKeyHeader.Read(request, read.Body!, out var keyProblem);
            if (keyProblem is not null) return ApiResults.Errors(StatusCodes.Status400BadRequest, keyProblem);
            var reply = await Client(manager, options).SubmitAsync(read.Body!, jobId: null, ct, inlineDataOnly: true, key);
            if (reply is JobProtocol.JobAccepted { Repeated: true }) request.HttpContext.Response.Headers[IdempotencyKeyHeader.ReplayedHeader] = "true";
            return Submitted(reply);
        });
        api.MapGet("/jobs", async (IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            ApiResults.Json(new { jobs = await Client(manager, options).ListAsync(ct) }));
        api.MapGet("/workers", async (ActorSystem system, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            ApiResults.Json(new WorkerRoster(await Client(manager, options).WorkersAsync(ct), CoordinatorSeeds.Of(system))));
        api.MapGet("/jobs/{id}", async (string id, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            await Client(manager, options).GetAsync(id, ct) is { } summary ? ApiResults.Json(summary) : ApiResults.NotFound(id));
        api.MapGet("/jobs/{id}/results", async (string id, HttpRequest request, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
        {
            var history = TrialsQuery.History(request.Query, out var errors, fallback: true);
            if (errors.Count > 0) return ApiResults.Errors(StatusCodes.Status400BadRequest, errors);
            return await Client(manager, options).ResultsAsync(id, ct) is { } results ? ApiResults.JsonStream(results, history) : ApiResults.NotFound(id);
        });
        api.MapGet("/jobs/{id}/trials", async (string id, HttpRequest request, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
        {
            if (TrialsQuery.Read(id, request.Query, out var errors) is not { } query)
            {
                // A sort by a hyperparameter the job lacks is named with the other problems, not once they are mended.
                if (TrialsQuery.HyperparameterSort(request.Query) is { } sort
                    && await Client(manager, options).TrialsAsync(new JobProtocol.GetTrials(id, 0, 1, sort, false), ct) is JobProtocol.JobRejected sortRejected)
                    errors.AddRange(sortRejected.Errors);
                return ApiResults.Errors(StatusCodes.Status400BadRequest, errors);
            }
            return await Client(manager, options).TrialsAsync(query, ct) switch
            {
                TrialsPage page => ApiResults.JsonStream(page, query.History),
                JobProtocol.JobRejected rejected => ApiResults.Errors(StatusCodes.Status400BadRequest, rejected.Errors),
                _ => ApiResults.NotFound(id),
            };
        });
        api.MapGet("/jobs/{id}/trials.csv", async (string id, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            await Client(manager, options).ResultsAsync(id, ct) is { } results
                ? Results.Stream(body => TrialsCsv.WriteAsync(results, body, ct), "text/csv; charset=utf-8")
                : ApiResults.NotFound(id));
        var reports = options.Blobs is { } blobs ? new ModelReports(blobs) : null;
        api.MapGet("/jobs/{id}/model", async (string id, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
        {
            if (await Client(manager, options).BestModelAsync(id, ct) is not { } source) return ApiResults.NotFound(id);
            // No model to show is not an error: no best trial yet, or its state was never stored (204).
            if (reports is null) return Results.NoContent();
            try
            {
                return await reports.GetAsync(source, ct) is { } report ? ApiResults.Json(report) : Results.NoContent();
            }
            catch (Contracts.InvalidInputException e)
            {
                return ApiResults.Errors(StatusCodes.Status500InternalServerError, e.Message);
            }
        });
        api.MapGet("/jobs/{id}/events", async (HttpContext http, string id, ActorSystem system, IRequiredActor<JobManagerKey> manager, IHostApplicationLifetime host) =>
        {
            var errors = new List<string>();
            var trials = QueryParameters.Flag(http.Request.Query, "trials", true, errors);
            if (errors.Count > 0)
            {
                await ApiResults.Errors(StatusCodes.Status400BadRequest, errors).ExecuteAsync(http);
                return;
            }
            await JobEventStream.StreamAsync(http, id, system, manager.ActorRef, options, host.ApplicationStopping, trials);
        });
        api.MapDatasets(options);
        api.MapDashboardData(() => app.Services.GetRequiredService<IRequiredActor<JobManagerKey>>().ActorRef, options);
        // 202 while running trials stop; 200 with the final status for a job that has ended (cancelling it changes nothing).
        api.MapPost("/jobs/{id}/cancel", async (string id, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            await Client(manager, options).CancelAsync(id, ct) switch
            {
                null => ApiResults.NotFound(id),
                JobStatuses.Cancelling => ApiResults.Json(new { id, status = JobStatuses.Cancelling }, StatusCodes.Status202Accepted),
                var ended => ApiResults.Json(new { id, status = ended }),
            });

        app.MapGetAndHead("/healthz", (ActorSystem system) => system.WhenTerminated.IsCompleted
            ? ApiResults.Errors(StatusCodes.Status503ServiceUnavailable, "actor system terminated")
            : ApiResults.Json(new { status = "ok" }));
        app.MapGetAndHead("/readyz", (ActorSystem system, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            Readiness.CheckAsync(system, Client(manager, options with { AskTimeout = TimeSpan.FromSeconds(3) }), options.JournalProbe, ct));
        // Prometheus' text format, no token (like the probes): what the job manager on this node and the cluster look like.
        app.MapGetAndHead("/metrics", async (HttpContext http) =>
        {
            http.Response.ContentType = Tuner.Runtime.Metrics.TunerMetrics.ContentType;
            await Tuner.Runtime.Metrics.TunerMetrics.WriteAsync(http.Response.Body, http.RequestAborted);
        });
        app.MapDashboard();
        return app;
    }

    private static JobManagerClient Client(IRequiredActor<JobManagerKey> manager, ApiOptions options) =>
        new(manager.ActorRef, options.AskTimeoutOrDefault);

    private static IResult Submitted(ITunerMessage reply) => reply switch
    {
        JobProtocol.JobAccepted accepted => ApiResults.Json(new { id = accepted.JobId }, StatusCodes.Status201Created),
        JobProtocol.JobRejected rejected => ApiResults.Errors(StatusCodes.Status400BadRequest, rejected.Errors),
        _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
    };

    private static string StatusMessage(HttpContext http) => http.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"no such endpoint: {http.Request.Method} {Contracts.EchoedText.Of(http.Request.Path.Value ?? "")}; the API is /api/jobs (see docs/api.md), the dashboard /",
        StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {Contracts.EchoedText.Of(http.Request.Path.Value ?? "")} (see docs/api.md)",
        var code => $"HTTP {code} for {http.Request.Method} {Contracts.EchoedText.Of(http.Request.Path.Value ?? "")}",
    };
}
