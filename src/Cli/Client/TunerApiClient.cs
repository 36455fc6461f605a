using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Tuner.Contracts;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using Tuner.Runtime.Serialization;

namespace Tuner.Cli.Client;

/// <summary>The HTTP API (PRODUCT.md §4) as typed calls for the client commands. A 4xx answer becomes an
/// <see cref="InvalidInputException"/> carrying the server's messages (exit 2); a network failure, timeout or 5xx an
/// <see cref="ApiUnavailableException"/> naming the URL (exit 1).</summary>
public sealed class TunerApiClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http;

    public TunerApiClient(Uri server, string? token, HttpMessageHandler? handler = null)
    {
        Server = server;
        // Streams (watch) run for as long as the job does; ordinary requests get their own timeout below.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = Timeout.InfiniteTimeSpan };
        if (token is { Length: > 0 }) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Server { get; }

    /// <summary>Submits a job spec (a csv job with its CSV inline); returns the job id. A submission whose answer was lost
    /// (the connection broke, no answer in time, a 5xx during a coordinator fail-over) may have made the job, so it is
    /// sent again, under the same <c>Idempotency-Key</c>, for as long as <paramref name="retries"/> allows (default: the
    /// two minutes <c>tuner watch</c> rides out a fail-over): the coordinator answers with the job the first one made. A
    /// server never reached, or one whose <c>/healthz</c> is not a coordinator's (an Akka port, another service), is not
    /// tried again: the URL is probably wrong.</summary>
    public async Task<string> SubmitAsync(string specJson, CancellationToken ct, ReconnectSchedule? retries = null)
    {
        var key = Guid.NewGuid().ToString("D");
        retries ??= new ReconnectSchedule(TimeProvider.System, ReconnectSchedule.DefaultWindow);
        var mayExist = false;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url("api/jobs")) { Content = new StringContent(specJson, Encoding.UTF8, "application/json") };
            request.Headers.Add(Coordinator.Api.IdempotencyKeyHeader.Name, key);
            try
            {
                using var response = await SendForResponseAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                return Read<SubmitAnswer>(await response.Content.ReadAsStringAsync(ct), "api/jobs", HttpMethod.Post).Id;
            }
            catch (ApiUnavailableException e)
            {
                if (!mayExist)
                {
                    if (!e.MayHaveArrived) throw;
                    // The answer may have been lost — or --server is no Tuner coordinator (its Akka port cuts the
                    // connection the same way): only a coordinator's answer is worth sending the submission again for.
                    if (!await AnswersAsCoordinatorAsync(ct))
                        throw new ApiUnavailableException($"{e.Message}; and {Url("healthz")} does not answer as a Tuner coordinator: " +
                            "is --server the coordinator's HTTP address (its --http, not its Akka port)?", e);
                    mayExist = true;
                }
                // Once one try may have made the job, a coordinator that is briefly not even reachable (its node restarting
                // in a fail-over) is tried again too.
                if (retries.NextPause() is not { } pause)
                    throw new ApiUnavailableException($"{e.Message}; no answer to the submission for {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s: " +
                        "the job may exist all the same (tuner jobs lists it), and submitting again makes another", e, e.Status, mayHaveArrived: true);
                Serilog.Log.Warning("{Failure}; sending the same submission again in {Seconds:F0} s (under the same Idempotency-Key: it makes one job, however often it is sent)",
                    e.Message, pause.TotalSeconds);
                await Task.Delay(pause, ct);
            }
        }
    }

    /// <summary>Whether <c>/healthz</c> answers as a Tuner coordinator's does (<c>{"status": "ok"}</c>) within 10 s.</summary>
    private async Task<bool> AnswersAsCoordinatorAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using var response = await _http.GetAsync(Url("healthz"), timeout.Token);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            return response.IsSuccessStatusCode && document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var status) && status.GetString() == "ok";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or InvalidOperationException
                                  || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Whether the coordinator already has dataset <paramref name="datasetId"/> (<c>sha256:…</c>).</summary>
    public async Task<bool> HasDatasetAsync(string datasetId, CancellationToken ct)
    {
        var url = Url($"api/datasets/{Uri.EscapeDataString(datasetId)}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.GetAsync(url, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            if (response.IsSuccessStatusCode) return true;
            throw Failure(HttpMethod.Get, url, response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (Exception e) when (IsNetworkFailure(e, ct))
        {
            throw Unreachable(HttpMethod.Get, url, e);
        }
    }

    /// <summary>Uploads <paramref name="length"/> bytes of <paramref name="data"/> as a dataset (<c>PUT /api/datasets</c>),
    /// streamed, <paramref name="progress"/> told the bytes sent; returns the coordinator's id for it. No overall time
    /// limit (a large file takes as long as the network does); <c>Expect: 100-continue</c>, so a dataset over the
    /// coordinator's limit is refused (413, with the limit) before any of it is sent.</summary>
    public async Task<string> UploadDatasetAsync(Stream data, long length, Action<long> progress, CancellationToken ct)
    {
        var url = Url("api/datasets");
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ProgressContent(data, length, progress) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.ExpectContinue = true;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw Failure(HttpMethod.Put, url, response.StatusCode, body);
            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("id").GetString()!;
        }
        catch (Exception e) when (IsNetworkFailure(e, ct))
        {
            throw Unreachable(HttpMethod.Put, url, e);
        }
    }

    public async Task<IReadOnlyList<JobSummary>> ListAsync(CancellationToken ct) =>
        Read<JobListDocument>(await SendAsync(HttpMethod.Get, "api/jobs", null, ct), "api/jobs").Jobs;

    /// <summary>The workers the coordinator hears from, and its cluster's coordinators (<c>GET /api/workers</c>).</summary>
    public async Task<WorkerRoster> WorkersAsync(CancellationToken ct) =>
        Read<WorkerRoster>(await SendAsync(HttpMethod.Get, "api/workers", null, ct), "api/workers");

    public async Task<JobSummary> StatusAsync(string jobId, CancellationToken ct) =>
        Read<JobSummary>(await SendAsync(HttpMethod.Get, JobPath(jobId), null, ct), JobPath(jobId));

    public async Task<ResultsDocument> ResultsAsync(string jobId, CancellationToken ct) =>
        Read<ResultsDocument>(await SendAsync(HttpMethod.Get, JobPath(jobId, "results"), null, ct), JobPath(jobId, "results"));

    public Task<string> TrialsCsvAsync(string jobId, CancellationToken ct) => SendAsync(HttpMethod.Get, JobPath(jobId, "trials.csv"), null, ct);

    /// <summary>Cancels the job: <see cref="JobStatuses.Cancelling"/> while its trials stop, else the status it had ended with.</summary>
    public async Task<string> CancelAsync(string jobId, CancellationToken ct) =>
        Read<CancelAnswer>(await SendAsync(HttpMethod.Post, JobPath(jobId, "cancel"), null, ct), JobPath(jobId, "cancel"), HttpMethod.Post).Status;

    /// <summary>The job's summaries as the server pushes them (<c>/events</c>), the current one first; ends after the
    /// final one, or earlier when the server closes the stream.</summary>
    public async IAsyncEnumerable<JobSummary> EventsAsync(string jobId, [EnumeratorCancellation] CancellationToken ct)
    {
        var path = JobPath(jobId, "events") + "?trials=false"; // summaries only: the changed trials are the dashboard's
        var url = Url(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendForResponseAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Stream body;
        try { body = await response.Content.ReadAsStreamAsync(ct); }
        catch (Exception e) when (IsNetworkFailure(e, ct)) { throw Unreachable(HttpMethod.Get, url, e); }
        var events = ServerEvents.ReadAsync(body, ct).GetAsyncEnumerator(ct);
        try
        {
            while (true)
            {
                (string Event, string Data) next;
                try
                {
                    if (!await events.MoveNextAsync()) yield break;
                    next = events.Current;
                }
                catch (Exception e) when (IsNetworkFailure(e, ct))
                {
                    throw Unreachable(HttpMethod.Get, url, e);
                }
                if (next.Event == "summary") yield return Read<JobSummary>(next.Data, path);
            }
        }
        finally
        {
            await events.DisposeAsync();
        }
    }

    private async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, Url(path)) { Content = content };
        using var response = await SendForResponseAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return await response.Content.ReadAsStringAsync(ct); // buffered by now
    }

    /// <summary>Sends <paramref name="request"/> and returns its successful response (until
    /// <paramref name="completion"/>, within <see cref="RequestTimeout"/>); an error answer becomes
    /// <see cref="Failure"/>'s exception, a network failure or timeout <see cref="Unreachable"/>'s.</summary>
    private async Task<HttpResponseMessage> SendForResponseAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        var (method, url) = (request.Method, request.RequestUri!); // as sent (a redirect changes the request's)
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            var response = await _http.SendAsync(request, completion, timeout.Token);
            if (response.IsSuccessStatusCode) return response;
            using (response) throw Failure(method, url, response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (Exception e) when (IsNetworkFailure(e, ct))
        {
            throw Unreachable(method, url, e);
        }
    }

    private Uri Url(string path) => new(Server, path);

    private static string JobPath(string jobId, string? what = null) =>
        $"api/jobs/{Uri.EscapeDataString(jobId)}{(what is null ? "" : "/" + what)}";

    /// <summary>Network trouble and our own timeout, but not the user's Ctrl-C (that is exit 130).</summary>
    private static bool IsNetworkFailure(Exception e, CancellationToken user) =>
        e is HttpRequestException or IOException || (e is OperationCanceledException && !user.IsCancellationRequested);

    private static ApiUnavailableException Unreachable(HttpMethod method, Uri url, Exception e)
    {
        // An https:// --server whose port answers plain HTTP (the coordinator's own): SslStream's words ("Cannot determine
        // the frame size or a corrupted frame was received") do not say that.
        if (url.Scheme == Uri.UriSchemeHttps && Chain(e).Any(x => x is System.Security.Authentication.AuthenticationException))
            return new ApiUnavailableException($"{method} {url} failed: no TLS handshake there ({Innermost(e).Message}); a Tuner " +
                $"coordinator serves plain HTTP: use http://{url.Authority}, or the https:// address of the TLS proxy in front of it", e);
        var reason = e is OperationCanceledException ? $"no answer within {RequestTimeout.TotalSeconds:F0} s" : Innermost(e).Message;
        var neverConnected = Chain(e).Any(x => x is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError });
        return new ApiUnavailableException($"{method} {url} failed: {reason} (is the coordinator running there? set --server or TUNER_SERVER)", e,
            mayHaveArrived: !neverConnected);
    }

    private Exception Failure(HttpMethod method, Uri url, HttpStatusCode status, string body)
    {
        var messages = ErrorMessages(body);
        var code = (int)status;
        // The server cannot tell a missing token from a mistyped variable; this side knows which it sent.
        if (status == HttpStatusCode.Unauthorized)
            return new InvalidInputException(_http.DefaultRequestHeaders.Authorization is null
                ? $"{Server} wants an API token: set TUNER_API_TOKEN to the coordinator's token"
                : $"{Server} refused the token in TUNER_API_TOKEN: it is not the coordinator's token");
        if (code is >= 400 and < 500)
            // A coordinator's every 4xx carries its {"errors": […]}; one without came from something else at that address.
            return new InvalidInputException(messages.Count > 0 ? messages : [$"{method} {url}: the server answered {code} {status} without a " +
                "Tuner coordinator's error document; is --server a Tuner coordinator's HTTP address (its --http), and not another service or a proxy's?"]);
        var detail = messages.Count > 0 ? string.Join("; ", messages) : status.ToString();
        return new ApiUnavailableException($"{method} {url} failed: the server answered {code}: {detail}", status: code);
    }

    /// <summary>The <c>{"errors": [...]}</c> of an error answer; empty when the body is something else.</summary>
    private static IReadOnlyList<string> ErrorMessages(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                return [.. errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
        }
        catch (JsonException)
        {
        }
        return [];
    }

    private T Read<T>(string json, string path, HttpMethod? method = null) where T : class
    {
        method ??= HttpMethod.Get;
        T? document;
        try
        {
            document = JsonSerializer.Deserialize<T>(json, TunerJsonSerializer.Options);
        }
        catch (JsonException e)
        {
            // The reader's words name .NET types; what the user needs is that this is not a Tuner server.
            Serilog.Log.Debug(e, "{Method} {Url}: unreadable answer", method, Url(path));
            document = null;
        }
        return document is not null && Complete(document)
            ? document
            : throw new ApiUnavailableException($"{method} {Url(path)}: the answer is not what a Tuner server sends; is --server a Tuner coordinator?");
    }

    /// <summary>False for a document missing what every Tuner answer has (another server's JSON of a similar shape: it
    /// used to print half a summary and then "Object reference not set to an instance of an object").</summary>
    private static bool Complete(object document) => document switch
    {
        JobSummary s => s.Id is not null && s.Name is not null && s.Status is not null && s.Objective is not null && s.Running is not null,
        ResultsDocument r => r.Id is not null && r.Status is not null && r.Objective is not null && r.Trials is not null,
        JobListDocument l => l.Jobs is not null && l.Jobs.All(Complete),
        WorkerRoster w => w.Workers is not null && w.Workers.All(x => x is not null) && (w.Seeds is null || w.Seeds.All(x => x is not null)),
        CancelAnswer c => c.Status is not null,
        SubmitAnswer a => a.Id is not null,
        _ => true,
    };

    private static Exception Innermost(Exception e) => Chain(e).Last();

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }

    public void Dispose() => _http.Dispose();

    private sealed record SubmitAnswer([property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id);

    private sealed record CancelAnswer([property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status);

    private sealed record JobListDocument([property: System.Text.Json.Serialization.JsonPropertyName("jobs")] IReadOnlyList<JobSummary> Jobs);
}
