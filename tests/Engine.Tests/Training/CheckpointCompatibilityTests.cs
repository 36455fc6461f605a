using Tuner.Engine.Data;
using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Tests.Support;
using Tuner.Engine.Training;

namespace Tuner.Engine.Tests.Training;

/// <summary>Checkpoints written before the format carried embeddings, bidirectional layers and heads
/// (version 1) still restore and train on: jobs stored by an older Tuner resume after an upgrade.</summary>
public sealed class CheckpointCompatibilityTests
{
    /// <summary>Written by the engine at commit e1d3e3f: GRU(5) ×2, dropout 0.1, l2 1e-4, Adam(3e-3), batch 16, seed 9,
    /// two epochs of <c>Sine(200, 0.1, seed 3)</c>, window 6, 20 % validation, standardized.</summary>
    private static string V1File => Path.Combine(RepositoryPaths.Root, "tests", "Engine.Tests", "Fixtures", "checkpoints", "v1-gru-2x5-after-2-epochs.ckpt");

    /// <summary>That engine's val_loss after training the same session two more epochs.</summary>
    private const double ValLossAfterFourEpochsThen = 0.15863279427324325;

    [Fact]
    public void A_version_1_checkpoint_restores_as_a_regression_model_and_trains_on_as_the_old_engine_did()
    {
        using var session = TrainingSession.Restore(File.ReadAllBytes(V1File));

        Assert.Equal(new ModelSpec(CellType.Gru, 1, 5, Layers: 2, Activation.Tanh, Dropout: 0.1f, L2: 1e-4f), session.Model.Spec);
        Assert.Equal(2, session.EpochsCompleted);
        Assert.All(session.History, e => Assert.True(e.Accuracy is null && e.ValAccuracy is null && e.ValLoss is > 0));

        var data = DatasetBuilder.Build(SeriesGenerators.Sine(200, 0.1, seed: 3), 6, horizon: 1, validationSplit: 0.2, Normalization.Standard);
        session.Train(data, untilEpoch: 4);
        // Not bit-identical: the head's product and the validation mean now sum in another order.
        Assert.Equal(ValLossAfterFourEpochsThen, session.History[^1].ValLoss!.Value, ValLossAfterFourEpochsThen * 1e-4);

        // Saved again, it is a current-version checkpoint of the same model.
        using var again = TrainingSession.Restore(session.SaveCheckpoint());
        Assert.Equal(session.Model.Spec, again.Model.Spec);
        Assert.Equal(session.History, again.History);
    }
}
