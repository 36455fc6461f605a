namespace Tuner.Engine.Data;

/// <summary>Row requirements and size limits for <see cref="CsvSeriesLoader"/>; the defaults suit any realistic training file.</summary>
/// <remarks>The limits exist so a pathological or hostile upload (the HTTP API accepts CSV text)
/// fails early with a clear message instead of exhausting a worker's memory.</remarks>
public sealed record CsvLoadOptions
{
    /// <summary>The defaults: at least 1 data row, at most 10 million rows, 10,000 columns, 1 MiB per field, 100 million stored values.</summary>
    public static CsvLoadOptions Default { get; } = new();

    /// <summary>Fewest data rows accepted; pass <c>window + horizon</c> to fail at load time with the file named.</summary>
    public int MinRows { get; init; } = 1;

    /// <summary>Most data rows accepted (the header not counted).</summary>
    public int MaxRows { get; init; } = 10_000_000;

    /// <summary>Most columns accepted in the header.</summary>
    public int MaxColumns { get; init; } = 10_000;

    /// <summary>Longest field accepted, in characters (quoted text in unused columns counts too).</summary>
    public int MaxFieldLength { get; init; } = 1 << 20;

    /// <summary>Most numbers kept in memory: data rows × (selected feature columns + target); 100 million floats ≈ 400 MB.</summary>
    public long MaxValues { get; init; } = 100_000_000;
}
