using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Cli.Client;
using Tuner.Contracts.Results;
using Tuner.Runtime.Serialization;

namespace Tuner.Cli.Tests.Api;

/// <summary>The dashboard's own endpoints over real HTTP against a coordinator process and a no-op worker: the curves
/// summary, every trial's point, and the changed trials on the event stream — applied to the points fetched at the
/// start, they give the points at the end, so the page never needs the whole job again.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class DashboardDataEndpointTests(ApiServer server)
{
    [Fact]
    public async Task The_changed_trials_on_the_stream_bring_the_first_points_to_the_last()
    {
        var id = await server.SubmitAsync(ApiServer.Job("api-deltas", trials: 400, epochs: 3));
        using var response = await server.Http.GetAsync($"api/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = ServerEvents.ReadAsync(await response.Content.ReadAsStreamAsync(), CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("summary", events.Current.Event);
        var (rows, version) = await PointsAsync(id); // as the page does: after the stream is open
        int applied = 0, refetched = 0;
        string? last = null;
        while (await events.MoveNextAsync())
        {
            var (name, data) = events.Current;
            if (name == "summary") { last = data; continue; }
            Assert.Equal("trials", name);
            var delta = JsonNode.Parse(data)!;
            if ((long)delta["version"]! <= version) continue;
            if ((long)delta["since"]! > version)
            {
                (rows, version) = await PointsAsync(id); // missed one: what the page does
                refetched++;
                continue;
            }
            foreach (var trial in delta["trials"]!.AsArray())
            {
                Assert.False(trial!.AsObject().ContainsKey("history")); // left out, as documented: [] would read as "no epochs"
                rows[(string)trial["trialId"]!] = Row(trial);
            }
            version = (long)delta["version"]!;
            applied++;
        }
        Assert.Equal("completed", (string?)JsonNode.Parse(last!)!["status"]);
        Assert.True(applied >= 2, $"expected several updates, got {applied} (and {refetched} refetches)");

        var (final, _) = await PointsAsync(id);
        Assert.Equal(400, final.Count);
        Assert.Equal(final, rows);
    }

    [Fact]
    public async Task Curves_hold_the_best_trials_and_the_band_and_points_every_trial()
    {
        var id = await server.SubmitAsync(ApiServer.Job("api-curves", trials: 60, epochs: 3));
        await server.WaitForEndAsync(id);
        var results = JsonSerializer.Deserialize<ResultsDocument>((await server.GetAsync($"api/jobs/{id}/results")).Body, TunerJsonSerializer.Options)!;
        var best = results.Trials.OrderBy(t => t.ValLoss).ThenBy(t => t.TrialId, StringComparer.Ordinal).Take(5).Select(t => t.TrialId).ToList();

        var (status, body, _) = await server.GetAsync($"api/jobs/{id}/curves?best=5&trial={results.Trials[^1].TrialId}");
        Assert.True(status == 200, body);
        var curves = JsonSerializer.Deserialize<LearningCurves>(body, TunerJsonSerializer.Options)!;
        Assert.Equal("val_loss", curves.Metric);
        Assert.Equal(60, curves.Trials);
        Assert.Equal(best.Append(results.Trials[^1].TrialId).Distinct(), curves.Lines.Select(l => l.TrialId));
        Assert.Equal([1, 2, 3], curves.Band.Select(b => b.Epoch));
        Assert.All(curves.Band, b => Assert.Equal(60, b.Count));
        Assert.Equal(results.Trials.Min(t => t.History[0].ValLoss!.Value), curves.Band[0].Min);
        Assert.Equal(60, JsonNode.Parse((await server.GetAsync($"api/jobs/{id}/curves?all=true&metric=loss")).Body)!["lines"]!.AsArray().Count);

        var points = JsonSerializer.Deserialize<TrialColumns>((await server.GetAsync($"api/jobs/{id}/points")).Body, TunerJsonSerializer.Options)!;
        Assert.Equal(results.Trials.Select(t => t.TrialId), points.Ids);
        Assert.Equal(results.Trials.Select(t => (float?)t.ValLoss), points.Metrics.Single(m => m.Name == "val_loss").Values);
        Assert.Equal(["units", "learning_rate", "cell"], points.Hyperparameters.Select(h => h.Name));
        Assert.True(points.Version > 0);
    }

    [Theory]
    [InlineData("best=0", "best must be an integer from 1 to 1000 (got '0')")]
    [InlineData("best=many", "best must be an integer from 1 to 1000 (got 'many')")]
    [InlineData("metric=accuracy2", "metric must be one of val_loss, loss, val_accuracy, accuracy (got 'accuracy2')")]
    [InlineData("all=yes", "all must be true or false (got 'yes')")]
    [InlineData("best=%2B5", "best must be an integer from 1 to 1000 (got '+5')")]
    [InlineData("metric=val_accuracy", "metric val_accuracy is not recorded by a forecast job (it has no accuracy); use val_loss or loss")]
    public async Task A_bad_curves_query_is_a_400_naming_the_parameter(string query, string message)
    {
        var id = await server.SubmitAsync(ApiServer.Job("api-curves-bad", trials: 1, epochs: 1));
        var (status, body, _) = await server.GetAsync($"api/jobs/{id}/curves?{query}");
        Assert.Equal(400, status);
        Assert.Equal(message, Assert.Single(ApiServer.Errors(body)));
    }

    [Fact]
    public async Task Curves_of_trials_the_job_does_not_have_or_of_more_than_100_are_a_400()
    {
        var id = await server.SubmitAsync(ApiServer.Job("api-curves-trials", trials: 1, epochs: 1));
        await server.WaitForEndAsync(id); // t-0001 exists
        var (status, body, _) = await server.GetAsync($"api/jobs/{id}/curves?trial=t-0001&trial=nope");
        Assert.Equal(400, status);
        Assert.Equal($"trial nope is not a trial of job {id}", Assert.Single(ApiServer.Errors(body)));
        (status, body, _) = await server.GetAsync($"api/jobs/{id}/curves?" + string.Join("&", Enumerable.Range(1, 101).Select(i => $"trial=t-{i:0000}")));
        Assert.Equal(400, status);
        Assert.Equal("trial is given 101 times; at most 100 trials are drawn besides the best", Assert.Single(ApiServer.Errors(body)));
    }

    [Theory]
    [InlineData("api/jobs/no-such-job/curves")]
    [InlineData("api/jobs/no-such-job/points")]
    public async Task An_unknown_job_is_a_404(string path)
    {
        var (status, body, _) = await server.GetAsync(path);
        Assert.Equal(404, status);
        Assert.Equal("no job with id 'no-such-job'", Assert.Single(ApiServer.Errors(body)));
    }

    /// <summary>Every trial's row (what a points document says of it, as comparable text) and the version.</summary>
    private async Task<(Dictionary<string, string> Rows, long Version)> PointsAsync(string id)
    {
        var points = JsonSerializer.Deserialize<TrialColumns>((await server.GetAsync($"api/jobs/{id}/points")).Body, TunerJsonSerializer.Options)!;
        var rows = new Dictionary<string, string>();
        for (int i = 0; i < points.Ids.Count; i++)
        {
            var worker = points.Worker[i] < 0 ? null : points.WorkerWords[points.Worker[i]];
            rows[points.Ids[i]] = string.Join("|", points.StatusWords[points.Status[i]], points.Metrics[0].Values[i], points.Metrics[1].Values[i], points.Epochs[i], worker, points.Seconds[i]);
        }
        return (rows, points.Version);
    }

    private static string Row(JsonNode trial) => string.Join("|", (string)trial["status"]!, (float?)(double?)trial["val_loss"], (float?)(double?)trial["loss"],
        (int)trial["epochs"]!, (string?)trial["worker"], (float)(double)trial["seconds"]!);
}
