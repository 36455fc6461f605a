namespace Tuner.Contracts.Search;

/// <summary>The grid <c>min + k·step</c>, <c>k = 0 … LastIndex</c>, of a float hyperparameter, computed in
/// decimal so every value is exact to the decimals of min and step (0.3, not 0.30000000000000004);
/// <c>max</c> is the last value when it lies on the grid.</summary>
/// <remarks>Doubles convert to decimal with 15 significant digits, which recovers the number as the
/// user wrote it; <see cref="IsRepresentable"/> bounds magnitudes so that conversion is exact.</remarks>
public readonly record struct FloatGrid
{
    /// <summary>Smallest non-zero magnitude of a grid bound or step.</summary>
    public const double MinMagnitude = 1e-12;

    /// <summary>Largest magnitude of a grid bound or step.</summary>
    public const double MaxMagnitude = 1e12;

    /// <summary>Most grid points a float hyperparameter may have (k fits a long with room to spare).</summary>
    public const decimal MaxPoints = 1_000_000_000_000m;

    private readonly decimal _min;
    private readonly decimal _step;

    public FloatGrid(double min, double max, double step)
    {
        if (!IsRepresentable(min) || !IsRepresentable(max) || !IsRepresentable(step) || step <= 0 || min > max)
            throw new ArgumentException($"not a valid grid: min {min}, max {max}, step {step}");
        _min = (decimal)min;
        _step = (decimal)step;
        var points = decimal.Floor(((decimal)max - _min) / _step);
        if (points >= MaxPoints) throw new ArgumentException($"grid too fine: more than {MaxPoints} points");
        LastIndex = (long)points;
    }

    /// <summary>The index of the last grid value (the number of values is one more).</summary>
    public long LastIndex { get; }

    public double ValueAt(long index) =>
        index < 0 || index > LastIndex ? throw new ArgumentOutOfRangeException(nameof(index)) : (double)(_min + index * _step);

    /// <summary>The index of the grid value nearest to <paramref name="value"/>, clamped to the grid.</summary>
    public long NearestIndex(double value)
    {
        var k = Math.Round((value - (double)_min) / (double)_step, MidpointRounding.AwayFromZero);
        return (long)Math.Clamp(k, 0, LastIndex);
    }

    /// <summary>True when <paramref name="value"/> is one of the grid values.</summary>
    public bool Contains(double value)
    {
        if (!IsRepresentable(value)) return false;
        var offset = (decimal)value - _min;
        return offset >= 0 && offset % _step == 0 && offset / _step <= LastIndex;
    }

    /// <summary>Zero, or a finite magnitude in [<see cref="MinMagnitude"/>, <see cref="MaxMagnitude"/>].</summary>
    public static bool IsRepresentable(double value) =>
        value == 0 || (double.IsFinite(value) && Math.Abs(value) >= MinMagnitude && Math.Abs(value) <= MaxMagnitude);
}
