namespace Tuner.Cli.Tests.Processes;

/// <summary>Ctrl-C says what it leaves behind. Only <c>tuner run</c> saves state to resume from; <c>train</c> and
/// <c>watch</c> used to print run's "state saved; run the same command again to resume" too, which was false:
/// train keeps nothing, and watch leaves the job running on the server.</summary>
[Collection(ProcessTests.Name)]
public sealed class InterruptMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string LongJob = """
        {
          "name": "long-train",
          "data": { "kind": "sine", "length": 4000 },
          "window": 20,
          "searchSpace": { "units": { "type": "int", "min": 128, "max": 128 } },
          "algorithm": { "type": "random", "maxTrials": 1, "epochs": 10000 }
        }
        """;

    [Fact]
    public async Task Ctrl_C_in_train_exits_130_saying_nothing_was_kept()
    {
        var spec = Path.Combine(_dir, "job.json");
        File.WriteAllText(spec, LongJob);
        using var train = new TunerProcess("train", ["train", spec], workingDirectory: _dir);
        await Polling.Until(() => Task.FromResult(train.Stdout.Contains("1/10000") || train.HasExited), TimeSpan.FromSeconds(60),
            () => "the first epoch", train.ToString);
        train.Interrupt();
        Assert.Equal(ExitCodes.Interrupted, await train.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("of 10000 epochs; tuner train keeps nothing", train.Stderr);
        Assert.DoesNotContain("state saved", train.Stderr);
    }

    [Fact]
    public async Task Ctrl_C_in_watch_exits_130_saying_the_job_goes_on()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var jobId = await bed.SubmitAsync(coordinator, LongJob);   // no worker: it stays running
        var watch = bed.Track(new TunerProcess("watch", ["watch", jobId, "--server", coordinator.Api], workingDirectory: _dir));
        await bed.Until(() => Task.FromResult(watch.Stderr.Contains("long-train") || watch.HasExited), TimeSpan.FromSeconds(60), "watch following the job");
        watch.Interrupt();
        Assert.Equal(ExitCodes.Interrupted, await watch.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("stopped watching; the job goes on on the server", watch.Stderr);
        Assert.DoesNotContain("state saved", watch.Stderr);
        Assert.Equal("running", (string?)(await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}"))!["status"]);
    }
}
