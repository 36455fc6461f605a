using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Commands;
using Tuner.Cli.Tests.Support;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A text classification over the cluster: <c>tuner submit</c> carries the review CSV inside the job, the CSV is
/// deleted before any worker exists, and a coordinator and a worker process train it to completion, reporting accuracy;
/// the coordinator then serves the best model's report (the dashboard's model card).</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class ClusterClassifyTests
{
    [Fact]
    public async Task A_classify_job_completes_on_coordinator_and_worker_processes_with_the_csv_travelling_in_the_job()
    {
        using var bed = new ClusterTestBed();
        // The first 1,200 reviews of examples/data/fine-foods.csv, in a file only the submitter sees.
        var lines = File.ReadAllText(Path.Combine(Repository.Root, "examples", "data", "fine-foods.csv"));
        var csv = Path.Combine(bed.Directory, "reviews.csv");
        File.WriteAllText(csv, FirstRecords(lines, 1200));
        var spec = Path.Combine(bed.Directory, "reviews.json");
        File.WriteAllText(spec, """
            {
              "name": "cluster-reviews", "seed": 4, "task": "classify",
              "data": { "kind": "csv", "path": "reviews.csv", "text": "review", "label": "score" },
              "tokenizer": { "vocabSize": 2000, "maxLength": 40 },
              "searchSpace": { "units": { "type": "choice", "values": [8, 16] }, "learning_rate": { "type": "fixed", "value": 0.01 } },
              "objective": "val_accuracy",
              "algorithm": { "type": "random", "maxTrials": 2, "executionsPerTrial": 1, "epochs": 2 }
            }
            """);

        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var (code, output, error) = await CliRunner.RunAsync("submit", spec, "--server", coordinator.Api);
        Assert.True(code == 0, error);
        var jobId = output.Trim();
        File.Delete(csv); // nothing but the job itself carries the data now
        bed.StartWorker(coordinator.Seed);

        var final = await bed.WaitForJobAsync(coordinator.Api, jobId, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(240), "the job to finish");
        Assert.True((string?)final["status"] == "completed", bed.Diagnostics());
        var results = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/results"))!;
        Assert.Equal("val_accuracy", (string?)results["objective"]);
        var trials = results["trials"]!.AsArray();
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal("completed", (string?)t!["status"]);
            Assert.InRange((double)t["val_accuracy"]!, 0.0, 1.0);
            Assert.All(t["history"]!.AsArray(), e => Assert.NotNull(e!["val_accuracy"]));
        });
        var best = results["best"]!;
        Assert.Equal(trials.Max(t => (double)t!["val_accuracy"]!), (double)best["val_accuracy"]!);

        // The dashboard's model card: the coordinator evaluates the best model (its state at the best epoch) on the
        // job's stored data, so it scores exactly the val_accuracy the search ranked by.
        var report = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/model"))!;
        Assert.Equal("classify", (string?)report["task"]);
        Assert.Equal((string?)best["trialId"], (string?)report["trialId"]);
        Assert.Equal(240, (int)report["classification"]!["count"]!); // the last fifth of 1,200 reviews
        Assert.Equal((double)best["val_accuracy"]!, (double)report["classification"]!["accuracy"]!, 6);
        using (var unknown = await bed.Http.GetAsync($"{coordinator.Api}/api/jobs/no-such-job/model"))
            Assert.Equal(404, (int)unknown.StatusCode);

        // trials.csv over the API carries the accuracy columns.
        var (csvCode, trialsCsv, csvError) = await CliRunner.RunAsync("results", jobId, "--server", coordinator.Api, "--format", "csv");
        Assert.True(csvCode == 0, csvError);
        Assert.StartsWith("trialId,status,val_loss,loss,val_accuracy,accuracy,epochs", trialsCsv);
    }

    /// <summary>The header and the first <paramref name="count"/> records of a CSV whose quoted fields may hold line breaks.</summary>
    private static string FirstRecords(string text, int count)
    {
        int records = -1; // the header is not counted
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '"') quoted = !quoted;
            else if (text[i] == '\n' && !quoted && ++records == count) return text[..(i + 1)];
        }
        return text;
    }
}
