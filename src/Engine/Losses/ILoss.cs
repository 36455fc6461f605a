namespace Tuner.Engine.Losses;

/// <summary>A head's loss on its logits ([B][K], row-major), the gradient of the batch mean, the
/// activation that turns logits into predictions, and whether accuracy means something for it.</summary>
internal interface ILoss
{
    /// <summary>True for the classification losses (history gets accuracy and val_accuracy).</summary>
    bool HasAccuracy { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first target this loss cannot take.</summary>
    void CheckTargets(ReadOnlySpan<float> targets);

    /// <summary>The mean loss over the batch. Writes d(mean loss)/d(logits) into
    /// <paramref name="logitGradient"/> unless it is empty.</summary>
    double Compute(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int batch, Span<float> logitGradient);

    /// <summary>Samples whose predicted class is the target's (0 without accuracy).</summary>
    int CountCorrect(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int batch);

    /// <summary>The predictions the head reports: values, or class probabilities ([B][K]).</summary>
    void Activate(ReadOnlySpan<float> logits, Span<float> predictions, int batch);
}
