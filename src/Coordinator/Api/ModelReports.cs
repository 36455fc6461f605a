using System.Collections.Concurrent;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using static Tuner.Contracts.Protocol.JobProtocol;
using Tuner.Contracts.Results;
using Tuner.Runtime.Blobs;
using Tuner.Training;
using Tuner.Training.BestModels;
using Tuner.Coordinator.Jobs;

namespace Tuner.Coordinator.Api;

/// <summary>The <see cref="ModelReport"/> of a job's best model for <c>GET /api/jobs/{id}/model</c>: the same report
/// <c>tuner run</c> inlines in report.html, built from the job's stored data and the best model's checkpoint off the
/// job actor. A report is cached by its checkpoint id (a checkpoint id always names the same state).</summary>
public sealed class ModelReports(IBlobStore blobs)
{
    private const int MaxCached = 32;
    private readonly ConcurrentDictionary<string, Lazy<Task<ModelReport>>> _cache = new(StringComparer.Ordinal);

    /// <summary>The report, or null when the job has no best model yet, or its state is not stored (a worker that
    /// trains nothing, as the benches' no-op worker, stores none).</summary>
    /// <exception cref="InvalidInputException">The stored data or checkpoint is missing or unusable.</exception>
    public async Task<ModelReport?> GetAsync(BestModelSource source, CancellationToken cancellation)
    {
        if (source.Checkpoint is not { } checkpoint || source.TrialId is not { } trialId) return null;
        if (!_cache.ContainsKey(checkpoint) && await blobs.GetAsync(checkpoint) is null) return null;
        if (_cache.Count >= MaxCached) _cache.Clear();
        var build = _cache.GetOrAdd(checkpoint, _ => new Lazy<Task<ModelReport>>(() => BuildAsync(source, checkpoint, trialId)));
        try
        {
            return await build.Value.WaitAsync(cancellation);
        }
        catch (Exception) when (build.Value.IsFaulted)
        {
            _cache.TryRemove(checkpoint, out _); // a failure is not kept: the next request tries again
            throw;
        }
    }

    private async Task<ModelReport> BuildAsync(BestModelSource source, string checkpoint, string trialId)
    {
        var spec = await SubmittedData.InlineAsync(JobSpecParser.Parse(source.SpecJson), source.DataBlob, blobs);
        var state = await blobs.GetAsync(checkpoint) ?? throw new InvalidInputException($"the best model's state {checkpoint} is not in the checkpoint store");
        // Evaluating the model is CPU work: off the request's thread.
        return await Task.Run(() =>
        {
            var data = JobData.Prepare(spec);
            using var model = new BestModel(spec, Preprocessing.Of(spec, data), state);
            return ModelReportBuilder.Build(spec, data, model, trialId, model.EpochsTrained);
        });
    }
}
