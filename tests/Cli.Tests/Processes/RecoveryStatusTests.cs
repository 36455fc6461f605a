using System.Diagnostics;
using System.Text.Json.Nodes;
using Tuner.Contracts.Protocol;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A coordinator restarted on a journal holding a big finished job answers honestly while the job's actor replays
/// it (PRODUCT.md §9): polled from the first moment the API answers, <c>GET /api/jobs</c> and <c>GET /api/jobs/{id}</c>
/// show the job <c>recovering</c> until its actor has recovered, then <c>completed</c> with every trial — never
/// <c>running</c> with fewer trials than it had.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class RecoveryStatusTests(ITestOutputHelper output)
{
    private const int Trials = 3000;

    private static readonly string Job = $$"""
        {
          "name": "big-journal",
          "seed": 3,
          "data": { "kind": "sine", "length": 200, "noise": 0.1 },
          "window": 5,
          "searchSpace": {
            "units":         { "type": "int", "min": 4, "max": 64, "step": 4 },
            "learning_rate": { "type": "float", "min": 1e-4, "max": 1e-1, "sampling": "log" }
          },
          "algorithm": { "type": "random", "maxTrials": {{Trials}}, "epochs": 2 }
        }
        """;

    [Fact]
    public async Task A_job_whose_actor_is_replaying_its_journal_answers_recovering_never_running_with_fewer_trials()
    {
        using var bed = new ClusterTestBed();
        var db = Path.Combine(bed.Directory, "tuner.db");
        var first = bed.StartCoordinator(db);
        await bed.WaitReadyAsync(first, TimeSpan.FromSeconds(60));
        bed.StartWorker(first.Seed, slots: 4, noopTrainer: true);
        var id = await bed.SubmitAsync(first, Job);
        var done = await bed.WaitForJobAsync(first.Api, id, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(300), "the big job to end");
        Assert.True((string?)done["status"] == "completed", bed.Diagnostics());
        Assert.Equal(Trials, (int)done["trialsFinished"]!);

        first.Process.Kill();
        await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var second = bed.StartCoordinator(db);
        var clock = Stopwatch.StartNew();
        var seen = new List<(TimeSpan At, string Where, string Status, int Finished)>();
        // From the first answer until the job reads completed on both routes, as fast as the API answers.
        bool listDone = false, jobDone = false;
        while (!(listDone && jobDone))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"the job never read completed again: {string.Join("; ", seen.TakeLast(5))}\n{bed.Diagnostics()}");
            if (await bed.TryGet(second.Api + "/api/jobs") is { } answer && answer["jobs"]!.AsArray().FirstOrDefault(j => (string?)j!["id"] == id) is { } listed)
            {
                seen.Add((clock.Elapsed, "list", (string)listed["status"]!, (int)listed["trialsFinished"]!));
                listDone |= (string?)listed["status"] == "completed";
            }
            if (await bed.TryGet($"{second.Api}/api/jobs/{id}") is { } job)
            {
                seen.Add((clock.Elapsed, "job", (string)job["status"]!, (int)job["trialsFinished"]!));
                jobDone |= (string?)job["status"] == "completed";
            }
        }

        var recovering = seen.Where(s => s.Status == "recovering").ToList();
        output.WriteLine($"{seen.Count} answers; first at {seen[0].At.TotalSeconds:F2} s; {recovering.Count} recovering, the last at {(recovering.Count > 0 ? recovering[^1].At.TotalSeconds : 0):F2} s");
        foreach (var s in seen)
        {
            Assert.False(s.Status == "running" && s.Finished < Trials, $"{s.Where} answered running with {s.Finished} of {Trials} trials at {s.At.TotalSeconds:F2} s");
            Assert.Contains(s.Status, new[] { "recovering", "completed" });
            if (s.Status == "completed") Assert.Equal(Trials, s.Finished);
        }
        // Otherwise the test saw nothing of the replay and proves nothing (the journal would need more trials).
        Assert.True(recovering.Count > 0, "no answer came while the job's actor was replaying its journal");
        // Once completed, it stays completed (no step back to recovering).
        foreach (var where in new[] { "list", "job" })
        {
            var statuses = seen.Where(s => s.Where == where).Select(s => s.Status).ToList();
            Assert.DoesNotContain("recovering", statuses.SkipWhile(s => s != "completed"));
        }
    }
}
