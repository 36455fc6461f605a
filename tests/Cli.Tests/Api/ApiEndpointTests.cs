using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tuner.Cli.Client;
using Tuner.Coordinator.Jobs.Manager;

namespace Tuner.Cli.Tests.Api;

/// <summary>Every endpoint of PRODUCT.md §4 and every error code, over real HTTP against a coordinator process.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiEndpointTests(ApiServer server)
{
    [Fact]
    public async Task A_job_is_submitted_listed_summarized_and_its_results_served_as_json_csv_and_events()
    {
        var id = await server.SubmitAsync(ApiServer.Job("api-endpoints"));
        Assert.StartsWith("api-endpoints-", id);

        var (listStatus, listBody, _) = await server.GetAsync("api/jobs");
        Assert.Equal(200, listStatus);
        Assert.Contains(JsonNode.Parse(listBody)!["jobs"]!.AsArray(), j => (string?)j!["id"] == id);

        var final = await server.WaitForEndAsync(id);
        Assert.Equal("completed", (string?)final["status"]);
        Assert.Equal(3, (int)final["trialsFinished"]!);
        Assert.NotNull((string?)final["bestTrialId"]);

        var (resultsStatus, resultsBody, resultsResponse) = await server.GetAsync($"api/jobs/{id}/results");
        Assert.Equal(200, resultsStatus);
        Assert.Equal("application/json", resultsResponse.Content.Headers.ContentType!.MediaType);
        var results = JsonNode.Parse(resultsBody)!;
        Assert.Equal("completed", (string?)results["status"]);
        Assert.Equal(3, results["trials"]!.AsArray().Count);
        Assert.All(results["trials"]!.AsArray(), t => Assert.Equal(3, t!["history"]!.AsArray().Count));
        // The search space travels with the results, so charts know which axes are log-sampled.
        var space = results["searchSpace"]!.AsArray();
        Assert.Equal(["units", "learning_rate", "cell"], space.Select(d => (string)d!["name"]!));
        Assert.Equal("log", (string?)space[1]!["sampling"]);
        Assert.Equal(["lstm", "gru"], space[2]!["values"]!.AsArray().Select(v => (string)v!));

        var (csvStatus, csv, csvResponse) = await server.GetAsync($"api/jobs/{id}/trials.csv");
        Assert.Equal(200, csvStatus);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.StartsWith("trialId,status,val_loss,loss,epochs", lines[0]);
        Assert.Equal(4, lines.Length);

        // A finished job's event stream holds its final summary and ends.
        var (eventsStatus, events, eventsResponse) = await server.GetAsync($"api/jobs/{id}/events");
        Assert.Equal(200, eventsStatus);
        Assert.Equal("text/event-stream", eventsResponse.Content.Headers.ContentType!.MediaType);
        var summaries = await EventData(events);
        Assert.Single(summaries);
        Assert.Equal("completed", (string?)summaries[0]["status"]);

        // Cancelling a job that has ended changes nothing and says so (it answered 202 "cancelling").
        var (cancelStatus, cancelBody, _) = await server.PostAsync($"api/jobs/{id}/cancel", "");
        Assert.Equal(200, cancelStatus);
        Assert.Equal("completed", (string?)JsonNode.Parse(cancelBody)!["status"]);
        Assert.Equal("completed", (string?)(await server.WaitForEndAsync(id))["status"]);
    }

    [Fact]
    public async Task Trials_are_served_in_pages_sorted_and_results_without_histories()
    {
        var id = await server.SubmitAsync(ApiServer.Job("api-trials", trials: 30, epochs: 2));
        await server.WaitForEndAsync(id);
        var all = JsonNode.Parse((await server.GetAsync($"api/jobs/{id}/results")).Body)!["trials"]!.AsArray();
        Assert.Equal(30, all.Count);

        // The default: the first 50, best first, without histories.
        var (status, body, response) = await server.GetAsync($"api/jobs/{id}/trials");
        Assert.True(status == 200, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var page = JsonNode.Parse(body)!;
        Assert.Equal((30, 0, 50, "objective"), ((int)page["total"]!, (int)page["offset"]!, (int)page["limit"]!, (string?)page["sort"]));
        var version = (long)page["version"]!;
        Assert.True(version > 0, body);
        var best = all.OrderBy(t => (double)t!["val_loss"]!).Select(t => (string?)t!["trialId"]).ToList();
        Assert.Equal(best, page["trials"]!.AsArray().Select(t => (string?)t!["trialId"]));
        Assert.All(page["trials"]!.AsArray(), t => Assert.Null(t!.AsObject()["history"]));

        // A page further on in another order, with histories; the version of a finished job stays.
        var units = all.OrderByDescending(t => (int)t!["hyperparameters"]!["units"]!).ThenBy(t => all.IndexOf(t))
            .Select(t => (string?)t!["trialId"]).Skip(10).Take(7).ToList();
        page = JsonNode.Parse((await server.GetAsync($"api/jobs/{id}/trials?offset=10&limit=7&sort=-hp.units&history=true")).Body)!;
        Assert.Equal(units, page["trials"]!.AsArray().Select(t => (string?)t!["trialId"]));
        Assert.All(page["trials"]!.AsArray(), t => Assert.Equal(2, t!["history"]!.AsArray().Count));
        Assert.Equal(version, (long)page["version"]!);

        // A hyperparameter the job does not have is no order (it used to answer 200, echoing the name as the sort).
        (status, body, _) = await server.GetAsync($"api/jobs/{id}/trials?sort=hp.nope");
        Assert.True(status == 400, body);
        Assert.Equal("sort: nope is not a hyperparameter of this job; it has hp.units, hp.learning_rate, hp.cell", Assert.Single(ApiServer.Errors(body)));
        // With another bad parameter, both are named in one answer (the sort was named only once the other was mended).
        (status, body, _) = await server.GetAsync($"api/jobs/{id}/trials?limit=abc&sort=hp.nope");
        Assert.True(status == 400, body);
        var errors = ApiServer.Errors(body);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("limit must be an integer", errors[0]);
        Assert.StartsWith("sort: nope is not a hyperparameter of this job", errors[1]);

        // results.json without histories: the same document, every trial without its history.
        var compact = JsonNode.Parse((await server.GetAsync($"api/jobs/{id}/results?history=false")).Body)!;
        Assert.Equal(30, compact["trials"]!.AsArray().Count);
        Assert.All(compact["trials"]!.AsArray(), t => Assert.False(t!.AsObject().ContainsKey("history")));
        foreach (var trial in all) trial!.AsObject().Remove("history");
        Assert.Equal(all.ToJsonString(), compact["trials"]!.ToJsonString());
    }

    [Fact]
    public async Task A_submission_sent_again_under_its_idempotency_key_answers_with_the_job_it_made()
    {
        var spec = ApiServer.Job("api-idempotent");
        async Task<(int Status, string Body, HttpResponseMessage Response)> Post(string body, params string[] keys)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/jobs") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var key in keys) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            var response = await server.Http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
        }
        var key = Guid.NewGuid().ToString();
        var (status, body, response) = await Post(spec, key);
        Assert.True(status == 201, body);
        var id = (string)JsonNode.Parse(body)!["id"]!;
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));

        // Sent again (a bare key and the draft's quoted form are the same key): the same job, said to be a replay.
        foreach (var again in new[] { key, $"\"{key}\"" })
        {
            (status, body, response) = await Post(spec, again);
            Assert.True(status == 201, body);
            Assert.Equal(id, (string?)JsonNode.Parse(body)!["id"]);
            Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());
        }
        var jobs = JsonNode.Parse((await server.GetAsync("api/jobs")).Body)!["jobs"]!.AsArray();
        Assert.Single(jobs, j => ((string?)j!["id"])!.StartsWith("api-idempotent-", StringComparison.Ordinal));

        // The same key with another body is a mistake; a key that is no key is refused naming the header.
        (status, body, _) = await Post(spec.Replace("\"maxTrials\": 3", "\"maxTrials\": 4"), key);
        Assert.True(status == 400, body);
        Assert.StartsWith($"Idempotency-Key '{key}' came with another job spec before (that submission made job {id})", Assert.Single(ApiServer.Errors(body)));
        foreach (var bad in new string[][] { ["has space"], [new string('k', 256)], ["a", "b"] })
        {
            (status, body, _) = await Post(spec, bad);
            Assert.True(status == 400, body);
            Assert.StartsWith("Idempotency-Key must be one value of 1 to 255 visible ASCII characters", Assert.Single(ApiServer.Errors(body)));
        }
    }

    [Theory]
    [InlineData("trials?limit=5000", "limit must be an integer from 1 to 1000 (got '5000')")]
    [InlineData("trials?offset=-3", "offset must be an integer from 0 to 2147483647 (got '-3')")]
    [InlineData("trials?offset=%2B1", "offset must be an integer from 0 to 2147483647 (got '+1')")]
    [InlineData("events?trials=bogus", "trials must be true or false (got 'bogus')")]
    [InlineData("trials?sort=name", "sort must be objective, id, status, epochs, seconds or hp.<name>, with a leading - to reverse (got 'name')")]
    [InlineData("trials?history=yes", "history must be true or false (got 'yes')")]
    [InlineData("results?history=0", "history must be true or false (got '0')")]
    public async Task A_bad_query_is_400_naming_the_parameter(string path, string message)
    {
        // Checked before the job is looked up: the answer is the same for any id.
        var (status, body, _) = await server.GetAsync($"api/jobs/no-such-job/{path}");
        Assert.True(status == 400, body);
        Assert.Equal(message, Assert.Single(ApiServer.Errors(body)));
    }

    [Fact]
    public async Task The_event_stream_pushes_a_running_jobs_summaries_until_its_final_one()
    {
        var id = await server.SubmitAsync(ApiServer.Job("api-events", trials: 100, epochs: 2));
        using var response = await server.Http.GetAsync($"api/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summaries = await EventData(await response.Content.ReadAsStringAsync());
        Assert.True(summaries.Count >= 2, $"expected several summaries, got {summaries.Count}");
        Assert.All(summaries.SkipLast(1), s => Assert.Equal("running", (string?)s["status"]));
        Assert.Equal("completed", (string?)summaries[^1]["status"]);
        var epochs = summaries.Select(s => (long)s["epochsTrained"]!).ToList();
        Assert.Equal(epochs.Order(), epochs);
        Assert.Equal(200, epochs[^1]);
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_and_keeps_the_results_so_far()
    {
        var id = await server.SubmitAsync(ApiServer.Job("api-cancel", trials: 20000, epochs: 1));
        await server.Bed.Until(async () => (long)JsonNode.Parse((await server.GetAsync($"api/jobs/{id}")).Body)!["epochsTrained"]! > 0,
            TimeSpan.FromSeconds(30), "the first epochs");
        var (status, body, _) = await server.PostAsync($"api/jobs/{id}/cancel", "");
        // 202 while running trials stop; 200 "cancelled" when no trial was running (between trials): the cancel ended it.
        Assert.True(status == 202 && (string?)JsonNode.Parse(body)!["status"] == "cancelling" || status == 200 && (string?)JsonNode.Parse(body)!["status"] == "cancelled", body);
        var final = await server.WaitForEndAsync(id);
        Assert.Equal("cancelled", (string?)final["status"]);
        var results = JsonNode.Parse((await server.GetAsync($"api/jobs/{id}/results")).Body)!;
        Assert.Equal("cancelled", (string?)results["status"]);
        var trials = results["trials"]!.AsArray();
        Assert.Contains(trials, t => (string?)t!["status"] == "completed");
        // Every trial started is accounted for, ended (none left running or waiting), and its epochs counted once.
        Assert.All(trials, t => Assert.Contains((string?)t!["status"], new[] { "completed", "cancelled" }));
        Assert.Equal((int)final["trialsStarted"]!, trials.Count);
        Assert.True(trials.Count < 20000, $"{trials.Count} trials: the cancel stopped nothing");
        Assert.Equal(trials.Sum(t => t!["history"]!.AsArray().Count), (long)results["totalEpochs"]!);
        Assert.Equal((long)final["epochsTrained"]!, (long)results["totalEpochs"]!);
        // Nothing is dispatched after the end: the workers keep asking, and the results stay as they are.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(results.ToJsonString(), JsonNode.Parse((await server.GetAsync($"api/jobs/{id}/results")).Body)!.ToJsonString());
    }

    [Theory]
    [InlineData("GET", "api/jobs/no-such-job")]
    [InlineData("GET", "api/jobs/no-such-job/results")]
    [InlineData("GET", "api/jobs/no-such-job/trials.csv")]
    [InlineData("GET", "api/jobs/no-such-job/trials?limit=10")]
    [InlineData("GET", "api/jobs/no-such-job/results?history=false")]
    [InlineData("GET", "api/jobs/no-such-job/events")]
    [InlineData("POST", "api/jobs/no-such-job/cancel")]
    [InlineData("GET", "api/jobs/..%2F..%2Fetc%2Fpasswd")]
    public async Task An_unknown_job_id_is_404_naming_the_id(string method, string path)
    {
        using var response = await server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no job with id", Assert.Single(ApiServer.Errors(body)));
    }

    [Fact]
    public async Task An_unknown_job_id_with_a_slash_is_named_as_written()
    {
        // What `tuner status a/b` sends: the slash escaped, so it stays one path segment.
        var (status, body, _) = await server.GetAsync("api/jobs/a%2Fb");
        Assert.Equal(404, status);
        Assert.Equal("no job with id 'a/b'", Assert.Single(ApiServer.Errors(body)));
    }

    [Theory]
    [InlineData("GET", "api/nothing-here", 404, "no such endpoint")]
    [InlineData("GET", "nothing-here", 404, "no such endpoint")]
    [InlineData("GET", "assets/secrets.txt", 404, "no dashboard asset")]
    [InlineData("DELETE", "api/jobs", 405, "DELETE is not allowed")]
    [InlineData("PUT", "api/jobs/x/cancel", 405, "PUT is not allowed")]
    public async Task Unknown_endpoints_and_methods_answer_with_a_json_message(string method, string path, int status, string message)
    {
        using var response = await server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, Assert.Single(ApiServer.Errors(await response.Content.ReadAsStringAsync())));
    }

    [Fact]
    public async Task The_token_guards_every_api_endpoint_but_not_health_readiness_or_the_dashboard()
    {
        string[] apiPaths = ["api/jobs", "api/jobs/x", "api/jobs/x/results", "api/jobs/x/trials", "api/jobs/x/trials.csv", "api/jobs/x/events", "api/nothing"];
        foreach (var path in apiPaths)
        {
            var (status, body, response) = await server.GetAsync(path, server.Anonymous);
            Assert.True(status == 401, $"{path}: {status} {body}");
            Assert.Contains("bearer token", Assert.Single(ApiServer.Errors(body)));
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
        Assert.Equal(401, (await server.PostAsync("api/jobs", ApiServer.Job("no-token"), client: server.Anonymous)).Status);
        Assert.Equal(401, (await server.PostAsync("api/jobs/x/cancel", "", client: server.Anonymous)).Status);

        using var wrong = new HttpClient { BaseAddress = new Uri(server.Url + "/") };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", ApiServer.Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("api/jobs")).StatusCode);
        wrong.DefaultRequestHeaders.Authorization = new("Basic", ApiServer.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("api/jobs")).StatusCode);

        Assert.Equal(200, (await server.GetAsync("healthz", server.Anonymous)).Status);
        var (ready, readyBody, _) = await server.GetAsync("readyz", server.Anonymous);
        Assert.True(ready == 200, readyBody);
        var (page, html, pageResponse) = await server.GetAsync("", server.Anonymous);
        Assert.Equal(200, page);
        Assert.Equal("text/html", pageResponse.Content.Headers.ContentType!.MediaType);
        Assert.Contains("assets/dashboard.js", html);
        Assert.Contains("script-src 'self'", pageResponse.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("healthz", "application/json")]
    [InlineData("readyz", "application/json")]
    [InlineData("metrics", "text/plain")]
    [InlineData("", "text/html")]
    [InlineData("assets/dashboard.js", "text/javascript")]
    public async Task Probes_metrics_and_the_dashboard_answer_HEAD_as_GET_without_a_body(string path, string mediaType)
    {
        // Uptime checkers and load balancers probe with HEAD; a GET-only route answered them 405.
        using var head = await server.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(mediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("charts.js", "text/javascript")]
    [InlineData("views.js", "text/javascript")]
    [InlineData("dashboard.js", "text/javascript")]
    [InlineData("tuner.css", "text/css")]
    public async Task The_dashboard_serves_its_own_assets(string name, string mediaType)
    {
        var (status, body, response) = await server.GetAsync("assets/" + name, server.Anonymous);
        Assert.Equal(200, status);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.DoesNotContain("http://", body.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", body);
    }

    [Fact]
    public async Task A_body_one_byte_over_the_limit_is_413_and_one_at_the_limit_is_read()
    {
        // Padding inside a JSON string: at the limit the spec is parsed (and refused for its description's length).
        string Padded(long size)
        {
            var head = """{"name": "pad", "description": " """.TrimEnd();
            return head + new string('x', (int)(size - head.Length - 2)) + "\"}";
        }
        var (atLimit, atLimitBody, _) = await server.PostAsync("api/jobs", Padded(ApiServer.BodyLimit));
        Assert.Equal(400, atLimit);
        Assert.Contains(ApiServer.Errors(atLimitBody), e => e.StartsWith("description:", StringComparison.Ordinal));
        var (over, overBody, _) = await server.PostAsync("api/jobs", Padded(ApiServer.BodyLimit + 1));
        Assert.Equal(413, over);
        Assert.Contains($"limit of {ApiServer.BodyLimit} bytes", Assert.Single(ApiServer.Errors(overBody)));

        // The same sent chunked, in 1 KiB chunks: the limit counts the body, not the chunks' framing (Kestrel's own
        // limit counted that too and refused the body at the limit with 413).
        foreach (var (size, expected) in new[] { (ApiServer.BodyLimit, HttpStatusCode.BadRequest), (ApiServer.BodyLimit + 1, HttpStatusCode.RequestEntityTooLarge) })
        {
            using var content = new ChunkedContent(System.Text.Encoding.UTF8.GetBytes(Padded(size)), 1024, "application/json");
            using var response = await server.Http.PostAsync("api/jobs", content);
            Assert.True(response.StatusCode == expected, $"{size} bytes chunked: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_before_the_json_is_accepted()
    {
        var content = new ByteArrayContent([.. System.Text.Encoding.UTF8.Preamble, .. System.Text.Encoding.UTF8.GetBytes(ApiServer.Job("api-bom"))]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await server.Http.PostAsync("api/jobs", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Malformed_json_is_400_naming_the_line_and_position()
    {
        var (status, body, _) = await server.PostAsync("api/jobs", "{\n  \"name\": \"x\",\n  \"window\": 10,,\n}");
        Assert.Equal(400, status);
        Assert.StartsWith("line 3, position 16: invalid JSON", Assert.Single(ApiServer.Errors(body)));
    }

    [Fact]
    public async Task A_csv_job_carries_its_data_and_a_data_path_is_refused_never_read_from_the_servers_disk()
    {
        var csvFile = Path.Combine(server.Bed.Directory, "server-side.csv");
        await File.WriteAllTextAsync(csvFile, Csv(60));
        var withPath = CsvJob("api-csv-path", $"\"path\": {System.Text.Json.JsonSerializer.Serialize(csvFile)}");
        var (status, body, _) = await server.PostAsync("api/jobs", withPath);
        Assert.Equal(400, status);
        Assert.Equal(SubmissionCheck.DataPathOverNetwork, Assert.Single(ApiServer.Errors(body)));

        var id = await server.SubmitAsync(CsvJob("api-csv", $"\"content\": {System.Text.Json.JsonSerializer.Serialize(Csv(60))}"));
        Assert.Equal("completed", (string?)(await server.WaitForEndAsync(id))["status"]);
    }

    internal static string Csv(int rows) =>
        "day,temperature\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{20 + 10 * Math.Sin(i / 5.0):F3}\n"));

    internal static string CsvJob(string name, string source) => $$"""
        {
          "name": "{{name}}",
          "data": { "kind": "csv", {{source}}, "target": "temperature" },
          "window": 4,
          "searchSpace": { "units": { "type": "choice", "values": [4, 8] } },
          "algorithm": { "type": "random", "maxTrials": 2, "epochs": 2 }
        }
        """;

    /// <summary>The JSON documents of a stream's <c>summary</c> events.</summary>
    internal static async Task<List<JsonNode>> EventData(string stream)
    {
        var summaries = new List<JsonNode>();
        await foreach (var (name, data) in ServerEvents.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(stream)), CancellationToken.None))
            if (name == "summary") summaries.Add(JsonNode.Parse(data)!);
        return summaries;
    }
}
