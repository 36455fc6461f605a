using Tuner.Runtime.Metrics;
using Tuner.Worker;

namespace Tuner.Cli.Hosting;

/// <summary>A worker's training seen by its <c>/metrics</c>: attempts in progress, epochs and their seconds — around
/// whatever <see cref="TrainAttempt"/> the node trains with, so the worker's own logic stays unaware of metrics.</summary>
internal static class MeteredTraining
{
    public static TrainAttempt Wrap(TrainAttempt inner) => async (assignment, onEpoch, cancellation) =>
    {
        TunerMetrics.WorkerTrialsRunning.Inc();
        try
        {
            return await inner(assignment, (metrics, seconds) =>
            {
                TunerMetrics.WorkerEpochs.Inc();
                TunerMetrics.WorkerEpochSeconds.Observe(seconds);
                onEpoch(metrics, seconds);
            }, cancellation);
        }
        finally
        {
            TunerMetrics.WorkerTrialsRunning.Dec();
        }
    };
}
