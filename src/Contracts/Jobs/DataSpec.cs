using Tuner.Contracts.Collections;

namespace Tuner.Contracts.Jobs;

/// <summary>The job's <c>data</c>: a synthetic series, a CSV table or a plain text.</summary>
public abstract record DataSpec(DataKind Kind);

/// <summary><c>sine</c>: <c>sin(x) + N(0, noise)</c>; <c>weather</c>: <c>20 + 10·sin(2πd/365) + N(0, noise)</c>;
/// over <paramref name="Length"/> points (default 1000) with noise standard deviation <paramref name="Noise"/> (default 0.1).</summary>
public sealed record SyntheticDataSpec(DataKind Kind, int Length, double Noise) : DataSpec(Kind);

/// <summary>Data from a file: at <paramref name="Path"/> or its text inline in <paramref name="Content"/> (exactly one).
/// The text travels with the job (workers need no shared disk).</summary>
public abstract record FileDataSpec(DataKind Kind, string? Path, string? Content) : DataSpec(Kind);

/// <summary><c>csv</c>: a table. A forecast predicts column <paramref name="Target"/> from <paramref name="Features"/>
/// (default: the target alone); a classification predicts column <paramref name="Label"/> from the column of text
/// <paramref name="Text"/>, or from the numeric <paramref name="Features"/> (sequence classification).</summary>
public sealed record CsvDataSpec(string? Path, string? Content, string? Target, ValueList<string> Features, string? Text = null, string? Label = null)
    : FileDataSpec(DataKind.Csv, Path, Content);

/// <summary><c>text</c>: a plain UTF-8 text (task <c>generate</c>).</summary>
public sealed record TextDataSpec(string? Path, string? Content) : FileDataSpec(DataKind.Text, Path, Content);
