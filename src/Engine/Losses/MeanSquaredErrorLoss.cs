namespace Tuner.Engine.Losses;

/// <summary>Linear head, mean squared error: <c>mean_b (z_b − y_b)²</c> over one output (PyTorch's
/// <c>mse_loss</c>, Keras' <c>"mse"</c>); predictions are the values themselves.</summary>
internal sealed class MeanSquaredErrorLoss : ILoss
{
    public bool HasAccuracy => false;

    public void CheckTargets(ReadOnlySpan<float> targets)
    {
        for (int i = 0; i < targets.Length; i++)
            if (!float.IsFinite(targets[i])) throw new ArgumentException($"targets[{i}] = {targets[i]} is not a finite number", nameof(targets));
    }

    public double Compute(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int batch, Span<float> logitGradient)
    {
        double sum = 0;
        float scale = 2f / batch;
        bool gradient = !logitGradient.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            float diff = logits[b] - targets[b];
            sum += (double)diff * diff;
            if (gradient) logitGradient[b] = scale * diff;
        }
        return sum / batch;
    }

    public int CountCorrect(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int batch) => 0;

    public void Activate(ReadOnlySpan<float> logits, Span<float> predictions, int batch) => logits[..batch].CopyTo(predictions);
}
