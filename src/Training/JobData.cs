using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Engine.Data;

namespace Tuner.Training;

/// <summary>A job's dataset, built the same way on every node: the series its <c>data</c> section
/// describes (sine and weather generated from the job seed, CSV from its inline content or file),
/// windowed, split and standardized as the spec says. Bad data is an <see cref="InvalidInputException"/>
/// naming the field, or the row and column of the CSV.</summary>
public static class JobData
{
    /// <summary>The raw series. A CSV <c>path</c> is resolved against <paramref name="baseDirectory"/>
    /// (the spec file's folder); inline <c>content</c> wins over <c>path</c>.</summary>
    public static TimeSeries LoadSeries(JobSpec spec, string? baseDirectory = null)
    {
        try
        {
            return spec.Data switch
            {
                SyntheticDataSpec { Kind: DataKind.Sine } s => SeriesGenerators.Sine(s.Length, s.Noise, unchecked((ulong)spec.Seed)),
                SyntheticDataSpec { Kind: DataKind.Weather } s => SeriesGenerators.Weather(s.Length, s.Noise, unchecked((ulong)spec.Seed)),
                CsvDataSpec { Content: { } content } csv => CsvSeriesLoader.LoadText(content, csv.Target, Features(csv), "data.content"),
                CsvDataSpec { Path: { } path } csv => LoadFile(Path.GetFullPath(path, baseDirectory ?? Environment.CurrentDirectory), csv),
                CsvDataSpec { Dataset: { } dataset } => throw new InvalidInputException(
                    $"data.dataset: {dataset} is a CSV uploaded to a coordinator; only the cluster reads it (tuner submit), here give data.path"),
                _ => throw new InvalidInputException("data: a csv job needs data.path or data.content"),
            };
        }
        catch (DataFormatException e)
        {
            throw new InvalidInputException($"data: {e.Message}");
        }
    }

    /// <summary>The CSV text of a <c>csv</c> job (inline content, else the file), so it can travel with the job.</summary>
    public static string? ReadCsvText(JobSpec spec, string? baseDirectory = null)
    {
        if (spec.Data is not CsvDataSpec csv) return null;
        if (csv.Content is not null) return csv.Content;
        var path = Path.GetFullPath(csv.Path!, baseDirectory ?? Environment.CurrentDirectory);
        if (!File.Exists(path)) throw new InvalidInputException($"data.path: file not found: {path}");
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InvalidInputException($"data.path: cannot read {path}: {e.Message}"); }
    }

    /// <summary>A csv job's series from <paramref name="reader"/> (a file or an uploaded dataset read as a stream, so its
    /// text is never one string); messages name <paramref name="sourceName"/>.</summary>
    public static TimeSeries LoadCsv(CsvDataSpec csv, TextReader reader, string sourceName)
    {
        try
        {
            return CsvSeriesLoader.Load(reader, csv.Target, Features(csv), sourceName);
        }
        catch (DataFormatException e)
        {
            throw new InvalidInputException($"data: {e.Message}");
        }
    }

    /// <summary>What <see cref="Prepare(JobSpec, TimeSeries)"/> would refuse (window, horizon and split against the
    /// series), without building the windows: a coordinator checks a large dataset this way.</summary>
    public static void CheckFits(JobSpec spec, TimeSeries series)
    {
        try
        {
            DatasetBuilder.TrainCount(DatasetBuilder.CountSamples(series.Length, spec.Window, spec.Horizon), spec.ValidationSplit);
        }
        catch (ArgumentException e)
        {
            if (e.ParamName is not { } field) throw new InvalidInputException(e.Message);
            throw new InvalidInputException($"{field}: {e.Message.Replace($" (Parameter '{field}')", "", StringComparison.Ordinal)}");
        }
    }

    /// <summary>Windows, splits and standardizes <paramref name="series"/> per the spec.</summary>
    public static PreparedData Prepare(JobSpec spec, TimeSeries series)
    {
        try
        {
            return DatasetBuilder.Build(series, spec.Window, spec.Horizon, spec.ValidationSplit,
                spec.Normalize == Contracts.Jobs.Normalization.None ? Engine.Data.Normalization.None : Engine.Data.Normalization.Standard);
        }
        catch (ArgumentException e)
        {
            // The builder's parameters are the spec's field names; name the field, drop .NET's "(Parameter 'x')".
            if (e.ParamName is not { } field) throw new InvalidInputException(e.Message);
            throw new InvalidInputException($"{field}: {e.Message.Replace($" (Parameter '{field}')", "", StringComparison.Ordinal)}");
        }
    }

    /// <summary><see cref="LoadSeries"/> then <see cref="Prepare(JobSpec, TimeSeries)"/>.</summary>
    public static PreparedData Prepare(JobSpec spec, string? baseDirectory = null) => Prepare(spec, LoadSeries(spec, baseDirectory));

    private static TimeSeries LoadFile(string path, CsvDataSpec csv)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"data.path: file not found: {path}");
        return CsvSeriesLoader.LoadFile(path, csv.Target, Features(csv));
    }

    private static IReadOnlyList<string>? Features(CsvDataSpec csv) => csv.Features.Count == 0 ? null : [.. csv.Features];
}
