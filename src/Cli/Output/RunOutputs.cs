using Serilog;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Api.Dashboard;
using Tuner.Coordinator.Jobs;
using Tuner.Runtime.Blobs;
using Tuner.Training;
using Tuner.Training.BestModels;

namespace Tuner.Cli.Output;

/// <summary>What <c>tuner run</c> leaves in <c>--out</c>: <c>results.json</c>, <c>trials.csv</c>,
/// <c>report.html</c> (the dashboard's views of this job in one self-contained file, with what the best model does on
/// the validation part), and the best model — <c>best-model.ckpt</c> (the engine's checkpoint of the best trial at its
/// best epoch: weights, optimizer state, history) with <c>best-model.json</c> describing it (<see cref="BestModelFile"/>:
/// trial, epoch, input, the preprocessing fitted on the training part, the job spec) for <c>tuner predict</c> and
/// <c>tuner generate</c>.</summary>
internal static class RunOutputs
{
    public const string ResultsFile = "results.json";
    public const string TrialsFile = "trials.csv";
    public const string ReportFile = "report.html";
    public const string ModelFile = BestModelFile.ModelFile;
    public const string ModelInfoFile = BestModelFile.InfoFile;

    /// <param name="dataBlob">The dataset the job stored when it was submitted (its trials trained on it): the best
    /// model's preprocessing and report are fitted on it, not on the data file as it is now.</param>
    public static async Task<IReadOnlyList<string>> WriteAsync(string outDir, ResultsDocument results, JobSpec spec, string? specBaseDirectory,
        IBlobStore blobs, string? dataBlob, CancellationToken cancellation)
    {
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        await WriteAtomicAsync(Path.Combine(outDir, ResultsFile), ResultsJson(results), written, cancellation);
        await WriteAtomicAsync(Path.Combine(outDir, TrialsFile), TrialsCsv.Write(results), written, cancellation);
        ModelReport? report = null;
        var checkpoint = results.Best is { Checkpoint: { } checkpointId } ? await blobs.GetAsync(checkpointId, cancellation) : null;
        if (results.Best is { } best && checkpoint is not null)
        {
            var model = Path.Combine(outDir, ModelFile);
            var temp = model + ".tmp";
            await File.WriteAllBytesAsync(temp, checkpoint, cancellation);
            File.Move(temp, model, overwrite: true);
            written.Add(model);
            var trainedOn = await SubmittedData.InlineAsync(spec, dataBlob, blobs, cancellation);
            var data = JobData.Prepare(trainedOn, specBaseDirectory);
            var preprocessing = Preprocessing.Of(trainedOn, data, specBaseDirectory);
            using var bestModel = new BestModel(trainedOn, preprocessing, checkpoint);
            var epoch = bestModel.EpochsTrained;
            if (best.BestEpoch is { } expected && expected != epoch)
                Log.Warning("The best model's checkpoint {CheckpointId} holds epoch {Epoch}, not the best epoch {BestEpoch}", best.Checkpoint, epoch, expected);
            // The spec as written (its data path), so tuner predict can name the file.
            await WriteAtomicAsync(Path.Combine(outDir, ModelInfoFile), BestModelFile.Write(results, best, bestModel, spec, specBaseDirectory), written, cancellation);
            report = ModelReportBuilder.Build(trainedOn, data, bestModel, best.TrialId, epoch, specBaseDirectory);
        }
        else
        {
            if (results.Best is { Checkpoint: { } missing })
                Log.Warning("The best model's state {CheckpointId} is not in the checkpoint store; no best model is written", missing);
            RemoveEarlierModel(outDir);
        }
        await WriteAtomicAsync(Path.Combine(outDir, ReportFile), ReportPage.Render(results, report), written, cancellation);
        return written;
    }

    /// <summary>An earlier run's best model left in the folder would be what <c>tuner predict</c> uses, beside this run's
    /// results.json of a job without one (every trial failed).</summary>
    private static void RemoveEarlierModel(string outDir)
    {
        var removed = false;
        foreach (var name in new[] { ModelFile, ModelInfoFile })
        {
            var path = Path.Combine(outDir, name);
            if (!File.Exists(path)) continue;
            File.Delete(path);
            removed = true;
        }
        if (removed) Log.Information("Removed {ModelFile} and {ModelInfoFile} of an earlier run from {OutDir}: this run has no best model", ModelFile, ModelInfoFile, outDir);
    }

    /// <summary>results.json exactly as the API serves it (indented for people).</summary>
    public static string ResultsJson(ResultsDocument results) => ClientOutput.Json(results);

    private static async Task WriteAtomicAsync(string path, string content, List<string> written, CancellationToken cancellation)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content, cancellation);
        File.Move(temp, path, overwrite: true);
        written.Add(path);
    }
}
