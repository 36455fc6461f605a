using Tuner.Tests.Shared;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A coordinator without seeds forms a cluster of its own, also on a port the system picks (<c>--port 0</c>):
/// it used to seed itself at port 0, which nothing answers, and never became ready. Its log gives the address it bound,
/// which its starting line cannot, and a worker joins with it. Its HTTP API on port 0 (<c>--http http://127.0.0.1:0</c>) is
/// found the same way: the log states the address it bound (it used to name only <c>http://127.0.0.1:0</c>).</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class SelfSeedingCoordinatorTests
{
    [Fact]
    public async Task A_coordinator_on_port_0_without_seeds_joins_itself_and_becomes_ready()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.Track(new TunerProcess("coordinator:0",
            ["coordinator", "--hostname", "127.0.0.1", "--port", "0", "--http", "http://127.0.0.1:0", "--db", Path.Combine(bed.Directory, "tuner.db"),
             "--management-port", "0", "--log-format", "json"], bed.Environment, bed.Directory));
        await bed.Until(() => Task.FromResult(coordinator.HasExited || coordinator.LogEvents().Any(e => e.Message().StartsWith("HTTP API listening on ", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(60), "the coordinator to log the address its HTTP API listens on");
        var listening = Assert.Single(coordinator.LogEvents(), e => e.Message().StartsWith("HTTP API listening on ", StringComparison.Ordinal));
        var api = listening.GetProperty("Url").GetString()!;
        Assert.Matches(@"^http://127\.0\.0\.1:[1-9]\d*$", api);
        Assert.Equal($"HTTP API listening on {api}", listening.Message());
        Assert.NotNull(await bed.TryGet(api + "/healthz"));
        await bed.Until(async () => (await bed.TryGet(api + "/readyz")) is not null, TimeSpan.FromSeconds(60), "the coordinator ready (an Up member of its own cluster)");
        Assert.False(coordinator.HasExited, coordinator.ToString());

        Assert.DoesNotContain(coordinator.LogEvents(), e => e.Message().Contains("127.0.0.1:0", StringComparison.Ordinal));
        var up = Assert.Single(coordinator.LogEvents(), e => e.Message().Contains("workers and other coordinators join with --seeds", StringComparison.Ordinal));
        var seed = System.Text.RegularExpressions.Regex.Match(up.Message(), @"--seeds ""?(akka\.tcp://tuner@127\.0\.0\.1:\d+)").Groups[1].Value;
        var worker = bed.StartWorker(seed);
        await bed.Until(() => Task.FromResult(worker.LogEvents().Any(e => e.Message().Contains("is up in the cluster", StringComparison.Ordinal))), TimeSpan.FromSeconds(60),
            $"the worker to join {seed}");
    }
}
