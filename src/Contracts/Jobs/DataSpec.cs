using Tuner.Contracts.Collections;

namespace Tuner.Contracts.Jobs;

/// <summary>The job's <c>data</c>: a synthetic series or a CSV file.</summary>
public abstract record DataSpec(DataKind Kind);

/// <summary><c>sine</c>: <c>sin(x) + N(0, noise)</c>; <c>weather</c>: <c>20 + 10·sin(2πd/365) + N(0, noise)</c>;
/// over <paramref name="Length"/> points (default 1000) with noise standard deviation <paramref name="Noise"/> (default 0.1).</summary>
public sealed record SyntheticDataSpec(DataKind Kind, int Length, double Noise) : DataSpec(Kind);

/// <summary><c>csv</c>: a file at <paramref name="Path"/>, its text inline in <paramref name="Content"/>, or a CSV
/// uploaded to the coordinator (<see cref="Dataset"/>) — exactly one —, forecasting column <paramref name="Target"/> from
/// <paramref name="Features"/> (default: the target alone).</summary>
public sealed record CsvDataSpec(string? Path, string? Content, string Target, ValueList<string> Features) : DataSpec(DataKind.Csv)
{
    /// <summary>An uploaded CSV, <c>sha256:&lt;hex&gt;</c> (<c>PUT /api/datasets</c>, <see cref="DatasetIds"/>).</summary>
    public string? Dataset { get; init; }
}
