using System.Diagnostics;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A coordinator that gets SIGTERM while a client follows a job's events (<c>tuner watch</c>, the dashboard)
/// stops in seconds: the server waits for open requests before the node leaves the cluster, and the event stream used
/// to stay open until the 30 s shutdown timeout cut it, holding every rolling update, and the job manager's hand-over,
/// that long. The stream ends without a final summary, which tells the client to reopen it elsewhere.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class CoordinatorShutdownTests
{
    [Fact]
    public async Task SIGTERM_ends_open_event_streams_and_the_coordinator_exits_in_seconds()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        // No worker: the job stays running, so its stream has no end of its own.
        var spec = Path.Combine(Support.Repository.Root, "examples", "quick-sine.json");
        var jobId = await bed.SubmitAsync(coordinator, await File.ReadAllTextAsync(spec));

        // A tuner run on the coordinator's journal is refused: it wrote under the job manager's sequence numbers, and the
        // coordinator's next submission failed to persist, stopping its job manager.
        using (var run = new TunerProcess("run-on-coordinator-db", ["run", spec, "--db", Path.Combine(bed.Directory, "tuner.db"), "--out", Path.Combine(bed.Directory, "run-out")], bed.Environment, bed.Directory))
        {
            Assert.Equal(ExitCodes.InvalidInput, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("is in use by another tuner process (a tuner run, or a coordinator)", run.Stderr);
        }

        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var response = await client.GetAsync($"{coordinator.Api}/api/jobs/{jobId}/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null && line != "event: summary") { }
        Assert.Equal("event: summary", line);

        var stopwatch = Stopwatch.StartNew();
        coordinator.Process.Terminate();
        var rest = reader.ReadToEndAsync();
        int exitCode = await coordinator.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var took = stopwatch.Elapsed;
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{coordinator.Process}");
        // A node with nothing open leaves in 2-4 s here; the shutdown timeout is 30 s.
        Assert.True(took < TimeSpan.FromSeconds(15), $"the coordinator took {took.TotalSeconds:F1} s to exit after SIGTERM with an event stream open\n{coordinator.Process}");
        // The stream ended (not cut), and not with a final summary: the job did not end, the coordinator left.
        var tail = await rest.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("\"status\":\"completed\"", tail);
    }
}
