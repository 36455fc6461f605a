using System.Globalization;

namespace Tuner.Contracts.Search;

/// <summary>The engine trains in 32-bit floats, so a spec's real number (read as a double) must still pass its check once
/// converted: 1e-50 becomes 0, 1e50 infinity and 0.99999999999 becomes 1.</summary>
public static class SinglePrecision
{
    /// <summary>Whether <paramref name="value"/> as a float is finite, not subnormal (unless zero) and still passes <paramref name="accepts"/>.</summary>
    public static bool Holds(double value, Func<double, bool> accepts)
    {
        var single = (float)value;
        return float.IsFinite(single) && (single == 0 || float.IsNormal(single)) && accepts(single);
    }

    /// <summary>What is wrong with a <paramref name="value"/> (written as <paramref name="got"/>) that fails <see cref="Holds"/>
    /// though the double passes: <c>must be > 0 in 32-bit floats, … (got 1E-50, which becomes 0)</c>.</summary>
    public static string Problem(string range, string got, double value) =>
        $"must be {range} in 32-bit floats, which the engine trains in and which hold magnitudes from 1.2e-38 to 3.4e38 " +
        $"(got {got}, which becomes {((float)value).ToString(CultureInfo.InvariantCulture)})";
}
