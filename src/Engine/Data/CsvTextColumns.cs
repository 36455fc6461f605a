namespace Tuner.Engine.Data;

/// <summary>Columns of a CSV read as text (a review and its label), with the line each row starts on, for the
/// tasks whose inputs or labels are words. Same format and checks as <see cref="CsvSeriesLoader"/> (header row,
/// RFC 4180 quoting, one field per header column); values are kept as written, quotes removed.</summary>
public sealed class CsvTextColumns
{
    private readonly string[][] _values;
    private readonly int[] _lines;

    private CsvTextColumns(string source, IReadOnlyList<string> names, string[][] values, int[] lines)
    {
        Source = source;
        Names = names;
        _values = values;
        _lines = lines;
    }

    /// <summary>What messages call the CSV (its path, say), as every message of loading it does.</summary>
    public string Source { get; }

    /// <summary>The selected columns' names, in the order asked for.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Data rows.</summary>
    public int Rows => _lines.Length;

    /// <summary>The values of selected column <paramref name="column"/> (an index into <see cref="Names"/>), one per row.</summary>
    public IReadOnlyList<string> Column(int column) => _values[column];

    /// <summary>The line of the file row <paramref name="row"/> starts on (header = line 1).</summary>
    public int Line(int row) => _lines[row];

    /// <summary>Reads <paramref name="columns"/> of CSV text held in a string.</summary>
    public static CsvTextColumns LoadText(string content, IReadOnlyList<string> columns, string sourceName = "data.csv", CsvLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var reader = new StringReader(content);
        return Load(reader, columns, sourceName, options);
    }

    /// <summary>Reads <paramref name="columns"/> from <paramref name="reader"/>; a missing column, a row with the wrong
    /// number of fields or a broken quote is a <see cref="DataFormatException"/> naming the line and column.</summary>
    public static CsvTextColumns Load(TextReader reader, IReadOnlyList<string> columns, string sourceName, CsvLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        options ??= CsvLoadOptions.Default;
        var csv = new CsvRecordReader(reader, sourceName, options.MaxFieldLength, options.MaxColumns);
        csv.SkipByteOrderMark();
        string[] header = CsvSeriesLoader.ReadHeader(csv, sourceName, options);
        csv.ColumnNames = header;
        int[] indices = columns.Select(c => CsvSeriesLoader.FindColumn(header, c, role: null, sourceName)).ToArray();
        var values = columns.Select(_ => new List<string>()).ToArray();
        var lines = new List<int>();
        int blankLine = 0;
        while (csv.ReadRecord())
        {
            if (csv.IsBlank)
            {
                if (blankLine == 0) blankLine = csv.RecordLine;
                continue;
            }
            if (blankLine != 0)
                throw new DataFormatException($"{sourceName} line {blankLine}: empty line between data rows; remove it, or fill in its values", blankLine, null);
            if (lines.Count >= options.MaxRows)
                throw new DataFormatException($"{sourceName} line {csv.RecordLine}: more than {options.MaxRows} data rows, the most accepted; use fewer rows", csv.RecordLine, null);
            CsvSeriesLoader.CheckFieldCount(csv, header, sourceName);
            for (int c = 0; c < indices.Length; c++) values[c].Add(csv.Field(indices[c]).ToString());
            lines.Add(csv.RecordLine);
        }
        if (lines.Count == 0)
            throw new DataFormatException($"{sourceName} line 2: the header is there but no data rows follow; add rows of data", 2, null);
        return new CsvTextColumns(sourceName, [.. columns], values.Select(v => v.ToArray()).ToArray(), [.. lines]);
    }
}
