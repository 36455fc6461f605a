using System.Text.Json;
using Tuner.Bench.Chaos;
using Tuner.Tests.Shared;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Processes;

/// <summary>The chaos soak of bench/Chaos.Bench, short enough for CI: three coordinators on PostgreSQL and three workers
/// (real processes), Hyperband and random-search jobs, a SIGKILL every 3-6 s for 40 s — the job manager's host first, then
/// a third of the time, workers otherwise — and every job checked against <c>tuner run</c> of its spec: completed, each
/// trial exactly once and identical to the undisturbed run, the same best (<see cref="ChaosCheck"/>). A node that exits by
/// itself is started again, as Kubernetes would; the last check is that none had to be.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class ChaosSoakSmokeTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Jobs_survive_workers_and_the_job_managers_host_killed_every_few_seconds_unchanged()
    {
        var settings = new ChaosSettings(TestDatabases.PostgresConnectionString!, Chaos: TimeSpan.FromSeconds(40),
            KillEveryMin: TimeSpan.FromSeconds(3), KillEveryMax: TimeSpan.FromSeconds(6), ConcurrentJobs: 3, MaxJobs: 5,
            Drain: TimeSpan.FromSeconds(120),
            Seed: int.TryParse(Environment.GetEnvironmentVariable("TUNER_CHAOS_SEED"), out var seed) ? seed : Environment.TickCount, // to replay a failure's schedule
            LogDirectory: Environment.GetEnvironmentVariable("TUNER_TEST_LOGS") is { Length: > 0 } logs ? Path.Combine(logs, "chaos") : null);
        output.WriteLine($"kill schedule seed {settings.Seed}");
        using var soak = new ChaosSoak(settings, output.WriteLine);
        var report = await soak.RunAsync();
        output.WriteLine(JsonSerializer.Serialize(report));

        var problems = report.Problems.Concat(report.Jobs.SelectMany(j => j.Problems)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + soak.Diagnostics());
        // The chaos happened: the job manager's host and workers were killed while jobs ran, and the job manager came back.
        var hostKills = report.Kills.Where(k => k.Kind == "singleton-host").ToList();
        Assert.NotEmpty(hostKills);
        Assert.True(report.Kills.Count(k => k.Kind == "worker") >= 3, JsonSerializer.Serialize(report.Kills));
        Assert.All(hostKills, k => Assert.True(k.SingletonMovedS is not null, $"the job manager never started again after {k.Victim} was killed at {k.AtS} s"));
        // Both searches, every job the soak submitted checked trial by trial.
        Assert.True(report.Jobs.Count >= 3, JsonSerializer.Serialize(report.Jobs));
        Assert.Equal(["hyperband", "random"], report.Jobs.Select(j => j.Algorithm).Distinct().Order());

        // The cluster kept its members: no node downed itself. Every worker death or restart resets the split-brain
        // resolver's stable-after, so under this churn it would down nobody, a dead coordinator included, and after
        // stable-after + down-all-when-unstable every node would down itself (docs/deploy.md, "Fail-over"): the
        // coordinators' ChurnDowningActor downs dead workers at once and dead coordinators after stable-after of their own.
        Assert.True(report.SelfDowningDecisions == 0 && report.SelfExits.Count == 0,
            $"{report.SelfDowningDecisions} split-brain decision(s) downing every node; nodes that exited by themselves: {JsonSerializer.Serialize(report.SelfExits)}");
    }
}
