using System.Security.Cryptography;
using System.Text;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;
using Tuner.Worker;

namespace Tuner.Bench;

/// <summary>A stand-in for training used by the dispatch benchmarks (and the API tests): completes an assignment at
/// once with a deterministic synthetic history (a curve per configuration), so only the coordinator and the messaging
/// are measured. There is no model, so there is no checkpoint to store.</summary>
public static class NoOpTraining
{
    public static readonly TrainAttempt Train = (assignment, _, _) => Task.FromResult(Run(assignment));

    /// <summary>As <see cref="Train"/>, but each epoch is also reported as it "ends", as a real worker does (an
    /// <c>EpochDone</c> per epoch): the coordinator then keeps what live progress costs it, for the memory bench.</summary>
    public static readonly TrainAttempt TrainReportingEpochs = (assignment, onEpoch, _) =>
    {
        var outcome = Run(assignment);
        foreach (var epoch in outcome.History)
            if (epoch.Epoch > assignment.FromEpoch) onEpoch(epoch, 0.001);
        return Task.FromResult(outcome);
    };

    public static TrialOutcome Run(WorkProtocol.TrialAssignment assignment)
    {
        // A configuration-dependent asymptote keeps the search's promotions meaningful.
        double asymptote = 0.01 + (Hash(assignment.Hyperparameters.ToJson()) % 1000) / 10_000.0;
        var history = new List<EpochMetrics>();
        for (int epoch = 1; epoch <= assignment.ToEpoch; epoch++)
        {
            double loss = asymptote + 1.0 / (epoch + 1);
            history.Add(new EpochMetrics(epoch, loss, loss * 1.05));
        }
        return new TrialOutcome(AttemptOutcome.Completed, history.ToValueList(), null, null, 0);
    }

    private static ulong Hash(string text) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
}
