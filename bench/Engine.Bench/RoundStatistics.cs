namespace Tuner.Engine.Bench;

/// <summary>Medians over repeated rounds, and of per-round ratios: pairing rounds cancels the load that drifts from
/// one round to the next on a shared or virtual machine.</summary>
internal static class RoundStatistics
{
    public static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    /// <summary>The median over rounds of numerator[r] / denominator[r].</summary>
    public static double MedianRatio(double[] numerator, double[] denominator)
    {
        var ratios = new double[numerator.Length];
        for (int i = 0; i < ratios.Length; i++) ratios[i] = numerator[i] / denominator[i];
        return Median(ratios);
    }
}
