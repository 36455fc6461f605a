using System.Numerics.Tensors;
using Tuner.Engine.Tensors;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Losses;

/// <summary>K logits, softmax, cross-entropy against a class index (PyTorch's <c>cross_entropy</c>,
/// Keras' sparse categorical cross-entropy on softmax): per sample <c>log Σ_k e^{z_k − m} + m − z_y</c>
/// with m = max z (no overflow); gradient <c>(softmax(z) − onehot(y))/B</c>. Targets are class indices
/// 0..K−1 stored as floats (exact up to 2²⁴); accuracy compares the arg-max with the target.</summary>
internal sealed class SoftmaxCrossEntropyLoss : ILoss
{
    private readonly float[] _scratch;   // [K] e^{z − m} when no gradient row is there to hold it

    public SoftmaxCrossEntropyLoss(int classes)
    {
        Classes = classes;
        _scratch = new float[classes];
    }

    public int Classes { get; }

    public bool HasAccuracy => true;

    public void CheckTargets(ReadOnlySpan<float> targets)
    {
        for (int i = 0; i < targets.Length; i++)
        {
            float y = targets[i];
            if (!(y >= 0f && y < Classes && y == MathF.Floor(y)))
                throw new ArgumentException($"targets[{i}] = {y} is not a class index in 0..{Classes - 1}", nameof(targets));
        }
    }

    public double Compute(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int batch, Span<float> logitGradient)
    {
        int k = Classes;
        bool gradient = !logitGradient.IsEmpty;
        float scale = 1f / batch;
        double sum = 0;
        for (int b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * k, k);
            var exps = gradient ? logitGradient.Slice(b * k, k) : _scratch.AsSpan();
            float max = TensorPrimitives.Max(row);
            ShiftedExponential.Apply(row, max, exps);
            float total = FixedOrderSum.Sum(exps);
            int y = (int)targets[b];
            sum += Math.Log(total) + max - row[y];
            if (gradient)
            {
                TensorPrimitives.Multiply(exps, scale / total, exps);
                exps[y] -= scale;
            }
        }
        return sum / batch;
    }

    public int CountCorrect(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int batch)
    {
        int correct = 0;
        for (int b = 0; b < batch; b++)
            if (TensorPrimitives.IndexOfMax(logits.Slice(b * Classes, Classes)) == (int)targets[b]) correct++;
        return correct;
    }

    public void Activate(ReadOnlySpan<float> logits, Span<float> predictions, int batch)
    {
        int k = Classes;
        for (int b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * k, k);
            var p = predictions.Slice(b * k, k);
            ShiftedExponential.Apply(row, TensorPrimitives.Max(row), p);
            TensorPrimitives.Divide(p, FixedOrderSum.Sum(p), p);
        }
    }
}
