using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Api.Dashboard;
using Tuner.Runtime.Blobs;
using Tuner.Training;

namespace Tuner.Cli.Output;

/// <summary>What <c>tuner run</c> leaves in <c>--out</c>: <c>results.json</c>, <c>trials.csv</c>,
/// <c>report.html</c> (the dashboard's views of this job in one self-contained file), and the best model — <c>best-model.ckpt</c> (the engine's checkpoint: weights, optimizer state,
/// history) with <c>best-model.json</c> describing it (configuration, input shape, and the
/// standardization needed to turn predictions back into the target's units).</summary>
internal static class RunOutputs
{
    public const string ResultsFile = "results.json";
    public const string TrialsFile = "trials.csv";
    public const string ReportFile = "report.html";
    public const string ModelFile = "best-model.ckpt";
    public const string ModelInfoFile = "best-model.json";

    public static async Task<IReadOnlyList<string>> WriteAsync(string outDir, ResultsDocument results, JobSpec spec, string? specBaseDirectory,
        IBlobStore blobs, CancellationToken cancellation)
    {
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        await WriteAtomicAsync(Path.Combine(outDir, ResultsFile), ResultsJson(results), written, cancellation);
        await WriteAtomicAsync(Path.Combine(outDir, TrialsFile), TrialsCsv.Write(results), written, cancellation);
        await WriteAtomicAsync(Path.Combine(outDir, ReportFile), ReportPage.Render(results), written, cancellation);
        if (results.Best is { Checkpoint: { } checkpointId } best && await blobs.GetAsync(checkpointId, cancellation) is { } checkpoint)
        {
            var model = Path.Combine(outDir, ModelFile);
            var temp = model + ".tmp";
            await File.WriteAllBytesAsync(temp, checkpoint, cancellation);
            File.Move(temp, model, overwrite: true);
            written.Add(model);
            await WriteAtomicAsync(Path.Combine(outDir, ModelInfoFile), ModelInfo(results, best, spec, specBaseDirectory), written, cancellation);
        }
        return written;
    }

    /// <summary>results.json exactly as the API serves it (indented for people).</summary>
    public static string ResultsJson(ResultsDocument results) => ClientOutput.Json(results);

    private static string ModelInfo(ResultsDocument results, BestTrial best, JobSpec spec, string? specBaseDirectory)
    {
        var data = JobData.Prepare(spec, specBaseDirectory);
        var info = new JsonObject
        {
            ["job"] = results.Job,
            ["trialId"] = best.TrialId,
            ["hyperparameters"] = JsonNode.Parse(best.Hyperparameters.ToJson()),
            [results.Objective] = best.ValLoss ?? best.Loss,
            ["epochs"] = best.Epochs,
            ["checkpoint"] = ModelFile,
            ["checkpointFormat"] = "Tuner training checkpoint v1 (TrainingSession.Restore)",
            ["input"] = new JsonObject { ["window"] = spec.Window, ["horizon"] = spec.Horizon, ["features"] = data.Features },
            ["normalization"] = data.Scaler is { } s
                ? new JsonObject
                {
                    ["targetMean"] = s.TargetMean,
                    ["targetStd"] = s.TargetStd,
                    ["featureMeans"] = new JsonArray([.. s.FeatureMeans.Select(v => (JsonNode?)v)]),
                    ["featureStds"] = new JsonArray([.. s.FeatureStds.Select(v => (JsonNode?)v)]),
                }
                : "none",
        };
        return info.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static async Task WriteAtomicAsync(string path, string content, List<string> written, CancellationToken cancellation)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content, cancellation);
        File.Move(temp, path, overwrite: true);
        written.Add(path);
    }
}
