using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Jobs;

namespace Tuner.Coordinator.Api;

/// <summary>The coordinator's HTTP API (PRODUCT.md §4). Every answer comes from the job actors via
/// the JobManager; bad input is a 4xx with <c>{"errors": [...]}</c> naming the problem.</summary>
public static class TunerApi
{
    public static WebApplication MapTunerApi(this WebApplication app, ApiOptions options)
    {
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
        api.MapPost("/jobs", (HttpRequest request, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            Submit(request, Client(manager, options), options, ct));
        api.MapGet("/jobs", async (IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            ApiResults.Json(new { jobs = await Client(manager, options).ListAsync(ct) }));
        api.MapGet("/jobs/{id}", async (string id, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            await Client(manager, options).GetAsync(id, ct) is { } summary ? ApiResults.Json(summary) : ApiResults.NotFound(id));
        api.MapGet("/jobs/{id}/results", async (string id, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            await Client(manager, options).ResultsAsync(id, ct) is { } results ? ApiResults.Json(results) : ApiResults.NotFound(id));
        api.MapGet("/jobs/{id}/trials.csv", async (string id, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            await Client(manager, options).ResultsAsync(id, ct) is { } results
                ? Results.Text(TrialsCsv.Write(results), "text/csv", Encoding.UTF8)
                : ApiResults.NotFound(id));
        api.MapPost("/jobs/{id}/cancel", async (string id, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            await Client(manager, options).CancelAsync(id, ct)
                ? ApiResults.Json(new { id, status = "cancelling" }, StatusCodes.Status202Accepted)
                : ApiResults.NotFound(id));
        api.MapFallback(() => ApiResults.Errors(StatusCodes.Status404NotFound, "no such API endpoint; see GET /api/jobs"));

        app.MapGet("/healthz", (ActorSystem system) => system.WhenTerminated.IsCompleted
            ? ApiResults.Errors(StatusCodes.Status503ServiceUnavailable, "actor system terminated")
            : ApiResults.Json(new { status = "ok" }));
        app.MapGet("/readyz", (ActorSystem system, IRequiredActor<JobManagerKey> manager, CancellationToken ct) =>
            Readiness.CheckAsync(system, Client(manager, options with { AskTimeout = TimeSpan.FromSeconds(3) }), ct));
        return app;
    }

    private static JobManagerClient Client(IRequiredActor<JobManagerKey> manager, ApiOptions options) =>
        new(manager.ActorRef, options.AskTimeout);

    private static async Task<IResult> Submit(HttpRequest request, JobManagerClient client, ApiOptions options, CancellationToken ct)
    {
        if (request.ContentLength > options.MaxBodyBytes) return TooLarge(options);
        var mediaType = request.ContentType?.Split(';')[0].Trim() ?? "";
        if (!(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            return ApiResults.Errors(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json (got '{ApiResults.Printable(mediaType)}'); send the job spec as JSON");
        string body;
        try
        {
            var read = await BodyReader.ReadAsync(request.Body, options.MaxBodyBytes, ct);
            if (read is null) return TooLarge(options);
            body = read;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options);
        }
        catch (DecoderFallbackException)
        {
            return ApiResults.Errors(StatusCodes.Status400BadRequest, "the body is not valid UTF-8 text");
        }
        return await client.SubmitAsync(body, jobId: null, ct) switch
        {
            JobProtocol.JobAccepted accepted => Results.Text($"{{\"id\":\"{accepted.JobId}\"}}", "application/json", Encoding.UTF8, StatusCodes.Status201Created),
            JobProtocol.JobRejected rejected => ApiResults.Errors(StatusCodes.Status400BadRequest, rejected.Errors),
            var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name}"),
        };
    }

    private static IResult TooLarge(ApiOptions options) =>
        ApiResults.Errors(StatusCodes.Status413PayloadTooLarge, $"request body exceeds the limit of {options.MaxBodyBytes} bytes");
}
