namespace Tuner.Engine.Bench;

/// <summary>FLOPs of one training step, by ../shared/perf/README.md's model so figures compare with
/// the PyTorch script's (a multiply-add = 2; sigmoid, tanh, sqrt, division = 1).</summary>
internal static class FlopModel
{
    /// <summary>LSTM: T·B·[8U(3U+2D) + 39U] + B(8U+6) + 12·(4U(D+U) + 5U + 1).</summary>
    public static double LstmTrainStep(int units, int steps, int batch, int inputs)
    {
        double u = units, t = steps, b = batch, d = inputs;
        return t * b * (8 * u * (3 * u + 2 * d) + 39 * u) + b * (8 * u + 6) + 12 * (4 * u * (d + u) + 5 * u + 1);
    }

    /// <summary>GRU, the same model with three gates: T·B·[6U(3U+2D) + 30U] + B(8U+6) + 12·(3U(D+U) + 4U + 1)
    /// (30 element-wise FLOPs per unit and step, estimated like the LSTM's 39).</summary>
    public static double GruTrainStep(int units, int steps, int batch, int inputs)
    {
        double u = units, t = steps, b = batch, d = inputs;
        return t * b * (6 * u * (3 * u + 2 * d) + 30 * u) + b * (8 * u + 6) + 12 * (3 * u * (d + u) + 4 * u + 1);
    }
}
