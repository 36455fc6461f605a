namespace Tuner.Engine.Losses;

/// <summary>One logit, sigmoid, binary cross-entropy from the logit (PyTorch's
/// <c>binary_cross_entropy_with_logits</c>): per sample <c>max(z, 0) − z·y + log(1 + e^{−|z|})</c>,
/// which neither overflows nor loses the small losses of confident right answers; gradient
/// <c>(σ(z) − y)/B</c>. Targets are probabilities in [0, 1] (labels 0 and 1); accuracy thresholds
/// σ(z) at 0.5 as Keras' <c>binary_accuracy</c>.</summary>
internal sealed class BinaryCrossEntropyLoss : ILoss
{
    public bool HasAccuracy => true;

    public void CheckTargets(ReadOnlySpan<float> targets)
    {
        for (int i = 0; i < targets.Length; i++)
            if (!(targets[i] >= 0f && targets[i] <= 1f))
                throw new ArgumentException($"targets[{i}] = {targets[i]} is not a binary label (0 or 1, or a probability in between)", nameof(targets));
    }

    public double Compute(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int batch, Span<float> logitGradient)
    {
        double sum = 0;
        bool gradient = !logitGradient.IsEmpty;
        double scale = 1.0 / batch;
        for (int b = 0; b < batch; b++)
        {
            double z = logits[b], y = targets[b];
            sum += Math.Max(z, 0) - z * y + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            if (gradient) logitGradient[b] = (float)((Sigmoid(z) - y) * scale);
        }
        return sum / batch;
    }

    public int CountCorrect(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int batch)
    {
        int correct = 0;
        for (int b = 0; b < batch; b++)
            if ((float)Sigmoid(logits[b]) > 0.5f == targets[b] > 0.5f) correct++;
        return correct;
    }

    public void Activate(ReadOnlySpan<float> logits, Span<float> predictions, int batch)
    {
        for (int b = 0; b < batch; b++) predictions[b] = (float)Sigmoid(logits[b]);
    }

    /// <summary>σ(z) without overflow for either sign.</summary>
    private static double Sigmoid(double z)
    {
        if (z >= 0) return 1 / (1 + Math.Exp(-z));
        double e = Math.Exp(z);
        return e / (1 + e);
    }
}
