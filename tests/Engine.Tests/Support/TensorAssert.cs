namespace Tuner.Engine.Tests.Support;

/// <summary>Tensor comparisons with a tolerance relative to the expected tensor's largest magnitude.</summary>
internal static class TensorAssert
{
    public static void Close(string what, ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        double scale = 0;
        foreach (var e in expected) scale = Math.Max(scale, Math.Abs(e));
        double tolerance = relative * Math.Max(scale, 1e-12);
        int worst = -1;
        double worstError = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= worstError)) { worstError = error; worst = i; }
        }
        if (worst < 0) return;   // every value exact (e.g. an all-zero gradient)
        Assert.True(worstError <= tolerance,
            $"{what}: |Δ| = {worstError:G4} at [{worst}] (expected {expected[worst]:G8}, got {actual[worst]:G8}) exceeds {relative:G2} × max|expected| = {tolerance:G4}");
    }
}
