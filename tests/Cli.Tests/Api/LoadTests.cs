using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Tuner.Cli.Client;
using Tuner.Cli.Commands;
using Tuner.Contracts.Protocol;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Api;

/// <summary>50 concurrent submissions and 20 concurrent watchers (the <c>tuner watch</c> client's event-stream
/// follower) on one coordinator: every job accepted exactly once, none lost, every watcher sees its job end.
/// The quick version of bench/Api.Bench (docs/benchmarks.md); it prints the submit latencies it saw.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class LoadTests(ApiServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Fifty_concurrent_submissions_and_twenty_watchers_lose_nothing_and_accept_each_job_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        using var client = new TunerApiClient(new Uri(server.Url + "/"), ApiServer.Token);
        var run = Guid.NewGuid().ToString("N")[..6];
        var names = Enumerable.Range(0, 50).Select(i => $"load-{run}-{i:00}").ToList();
        var latencies = new ConcurrentBag<double>();
        var go = new TaskCompletionSource();
        var submissions = names.Select(async name =>
        {
            await go.Task;
            var clock = Stopwatch.StartNew();
            var id = await client.SubmitAsync(ApiServer.Job(name, trials: 2, epochs: 2), ct);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            return id;
        }).ToList();
        go.SetResult();
        var ids = await Task.WhenAll(submissions);

        Assert.Equal(50, ids.Distinct().Count());
        Assert.All(names.Zip(ids), pair => Assert.StartsWith(pair.Item1 + "-", pair.Item2));

        var finals = await Task.WhenAll(ids.Take(20).Select(async id =>
        {
            var summaries = Channel.CreateUnbounded<JobSummary>();
            var follow = WatchCommand.FollowAsync(client, id, summaries.Writer, ct);
            JobSummary? last = null;
            await foreach (var summary in summaries.Reader.ReadAllAsync(ct)) last = summary;
            await follow;
            return last;
        }));
        Assert.All(finals, final => Assert.Equal(JobStatuses.Completed, final?.Status));

        // Exactly the 50 jobs, each once, in the coordinator's list (other tests' jobs share the server).
        var listed = (await client.ListAsync(ct)).Where(j => j.Name.StartsWith($"load-{run}-", StringComparison.Ordinal)).Select(j => j.Id).ToList();
        Assert.Equal(ids.Order(), listed.Order());

        var sorted = latencies.Order().ToList();
        output.WriteLine($"submit latency over {sorted.Count} concurrent submissions: p50 {Percentile(sorted, 0.50):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms");
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
