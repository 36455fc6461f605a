using MathNet.Numerics;

namespace Tuner.Coordinator.Search.Numerics;

/// <summary>The standard normal distribution's density, distribution function and quantile (MathNet's erf and erfc
/// underneath), and what the truncated normals of TPE and BOHB need from them.</summary>
internal static class NormalDistribution
{
    private const double LogSqrtTwoPi = 0.91893853320467274178;

    public static double LogPdf(double z) => -0.5 * z * z - LogSqrtTwoPi;

    public static double Pdf(double z) => Math.Exp(LogPdf(z));

    /// <summary>Φ(z), accurate in both tails (erfc rather than 1 + erf).</summary>
    public static double Cdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <summary>Φ⁻¹(p) for p in (0, 1).</summary>
    public static double Quantile(double p) => -Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * p);

    /// <summary>Φ(b) − Φ(a) for a ≤ b, computed on the side of zero where it does not cancel.</summary>
    public static double Mass(double a, double b)
    {
        if (a > 0) return Cdf(-a) - Cdf(-b);
        return Cdf(b) - Cdf(a);
    }

    /// <summary>A draw from N(0, 1) truncated to [a, b] by inverting the distribution function at u ∈ [0, 1).</summary>
    public static double TruncatedQuantile(double a, double b, double u)
    {
        // Work on the side where the mass is not in the far tail: mirror when the interval lies right of zero.
        if (a > 0) return -TruncatedQuantile(-b, -a, 1 - u);
        var lo = Cdf(a);
        var hi = Cdf(b);
        var p = lo + u * (hi - lo);
        if (p <= 0) return a;
        if (p >= 1) return b;
        return Math.Clamp(Quantile(p), a, b);
    }
}
