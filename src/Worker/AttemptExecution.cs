using Tuner.Contracts.Search;
using Tuner.Contracts;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Blobs;

namespace Tuner.Worker;

/// <summary>Runs one assignment end to end outside any actor: parses its spec, gets the dataset from the
/// cache, fetches the resume checkpoint, then trains with <see cref="TrialTrainer"/> on a dedicated thread.
/// Like the trainer it never throws, but for <see cref="BlobStoreUnavailableException"/>: a blob store that stayed
/// unavailable for its whole retry window is nobody's trial's fault (the runner hands the attempt back). Missing data, a
/// bad spec or an unusable checkpoint become a failed outcome.</summary>
public static class AttemptExecution
{
    public static async Task<TrialOutcome> RunAsync(
        WorkProtocol.TrialAssignment assignment,
        DatasetCache datasets,
        IBlobStore blobs,
        Action<EpochMetrics, double>? onEpoch,
        CancellationToken cancellation)
    {
        try
        {
            var spec = AssignmentSpec.Parse(assignment.SpecJson);
            var data = await datasets.GetAsync(spec, assignment.DataBlob, cancellation).ConfigureAwait(false);
            byte[]? resume = null;
            if (assignment.ResumeCheckpoint is { } checkpointId)
            {
                resume = await blobs.GetAsync(checkpointId, cancellation).ConfigureAwait(false)
                    ?? throw new InvalidInputException($"the resume checkpoint {checkpointId} is not in the blob store");
            }
            var trainer = new TrialTrainer(TrialPlan.From(assignment, spec), data, resume);
            // Training is long CPU work: a thread of its own, not one borrowed from the pool the actors run on.
            return await Task.Factory.StartNew(() => trainer.Run(onEpoch, cancellation), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return new TrialOutcome(AttemptOutcome.Cancelled, [], null, "cancelled before training started", 0);
        }
        catch (InvalidInputException e)
        {
            return TrialOutcome.Failed(e.Message);
        }
        catch (BlobStoreUnavailableException)
        {
            throw;
        }
        catch (Exception e)
        {
            return TrialOutcome.Failed($"preparing the trial failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
