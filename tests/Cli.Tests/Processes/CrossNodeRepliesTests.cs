using Tuner.Cli.Tests.Api;
using Tuner.Cli.Tests.Support;
using Tuner.Contracts.Protocol;
using Tuner.Tests.Shared;

namespace Tuner.Cli.Tests.Processes;

/// <summary>Every coordinator serves the API, and all but one ask the job manager on another node: its answers cross
/// Akka.Remote. A job's results, points and trials pages must arrive whole there too — results of a few thousand
/// trials are megabytes, far above the transport's default frame (128 kB), past which a message is dropped.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class CrossNodeRepliesTests
{
    private const int Trials = 3000;

    [PostgresFact]
    public async Task A_coordinator_without_the_job_manager_serves_a_large_jobs_results_and_points()
    {
        using var bed = new ClusterTestBed();
        var db = TestDatabases.CreatePostgresDatabase();
        int[] ports = [TunerProcess.FreePort(), TunerProcess.FreePort()];
        var host = bed.StartCoordinator(db, ports, ports[0]);
        await bed.WaitReadyAsync(host, TimeSpan.FromSeconds(60));
        var other = bed.StartCoordinator(db, ports, ports[1]);
        await bed.WaitReadyAsync(other, TimeSpan.FromSeconds(60));
        bed.StartWorker(host.Seed, slots: 32, noopTrainer: true);

        var id = await bed.SubmitAsync(other, ApiServer.Job("cross-node-large", trials: Trials, epochs: 3));
        var done = await bed.WaitForJobAsync(other.Api, id, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(300), "the job to end");
        Assert.True((string?)done["status"] == "completed", bed.Diagnostics());

        var results = await bed.Http.GetStringAsync($"{other.Api}/api/jobs/{id}/results");
        Assert.True(results.Length > 1_000_000, $"results.json is {results.Length} bytes: the job is too small to test large replies");
        var document = System.Text.Json.Nodes.JsonNode.Parse(results)!;
        Assert.Equal(Trials, document["trials"]!.AsArray().Count);
        var points = System.Text.Json.Nodes.JsonNode.Parse(await bed.Http.GetStringAsync($"{other.Api}/api/jobs/{id}/points"))!;
        Assert.NotNull(points);
        var page = (await bed.TryGet($"{other.Api}/api/jobs/{id}/trials?limit=1000"))!;
        Assert.Equal(Trials, (int)page["total"]!);
        Assert.Equal(1000, page["trials"]!.AsArray().Count);
    }
}
