using System.Globalization;

namespace Tuner.Engine.Data;

/// <summary>Reads a <see cref="TimeSeries"/> from CSV text with a header row (the job spec's <c>data.kind: csv</c>).</summary>
/// <remarks>
/// <para>Format: RFC 4180 (see <see cref="CsvRecordReader"/> for the exact leniencies), comma
/// separated, <c>\n</c> or <c>\r\n</c> line ends, optional trailing line breaks, an optional UTF-8
/// byte-order mark. Header names are trimmed of surrounding whitespace and must be distinct; an empty
/// header name is allowed (pandas writes one for its index column) but such a column cannot be
/// selected.</para>
/// <para>Only the target and feature columns must hold numbers; other columns (dates, labels) may
/// hold anything. Numbers use the invariant culture: <c>12.5</c>, <c>-0.5</c>, <c>.5</c>,
/// <c>1e-3</c>, surrounding whitespace ignored; no thousands separators, no NaN or infinities,
/// and the value must fit a 32-bit float.</para>
/// <para>Every problem is a <see cref="DataFormatException"/> naming the line (header = line 1) and
/// column; the first problem in file order is reported, left to right within a row.</para>
/// </remarks>
public static class CsvSeriesLoader
{
    private const int MaxShownValueLength = 40;

    /// <summary>Loads the CSV file at <paramref name="path"/>; messages name the file as given.</summary>
    public static TimeSeries LoadFile(string path, string target, IReadOnlyList<string>? features = null, CsvLoadOptions? options = null)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Load(reader, target, features, path, options);
    }

    /// <summary>Loads CSV held in a string (e.g. a job's <c>data.content</c> sent over HTTP).</summary>
    public static TimeSeries LoadText(string content, string target, IReadOnlyList<string>? features = null, string sourceName = "data.csv", CsvLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var reader = new StringReader(content);
        return Load(reader, target, features, sourceName, options);
    }

    /// <summary>Loads the feature columns of CSV held in a string, with no target of their own (a classifier's windows,
    /// whose labels are read apart): the first feature stands as the target, and a missing column is named as a feature.</summary>
    public static TimeSeries LoadFeaturesText(string content, IReadOnlyList<string> features, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfZero(features.Count);
        using var reader = new StringReader(content);
        return LoadColumns(reader, features[0], features, sourceName, null, "feature");
    }

    /// <summary>Loads CSV from <paramref name="reader"/>.</summary>
    /// <param name="reader">The CSV text, header row first.</param>
    /// <param name="target">The column to forecast.</param>
    /// <param name="features">The input columns, in the order the model sees them; null or empty means the target alone. The target may be listed.</param>
    /// <param name="sourceName">How messages name the input, e.g. <c>data.csv</c>.</param>
    /// <param name="options">Row requirements and limits; <see cref="CsvLoadOptions.Default"/> when null.</param>
    /// <exception cref="DataFormatException">The text is not a usable series; the message names line, column and fix.</exception>
    /// <exception cref="ArgumentException">The request itself is malformed (empty target name, a feature listed twice).</exception>
    public static TimeSeries Load(TextReader reader, string target, IReadOnlyList<string>? features, string sourceName, CsvLoadOptions? options = null) =>
        LoadColumns(reader, target, features, sourceName, options, "target");

    private static TimeSeries LoadColumns(TextReader reader, string target, IReadOnlyList<string>? features, string sourceName, CsvLoadOptions? options, string targetRole)
    {
        options ??= CsvLoadOptions.Default;
        var (csv, header, featureNames, targetColumn, featureColumns) = OpenColumns(reader, target, features, sourceName, options, targetRole);

        // Each selected column is parsed once per row, in file order, so the first bad value reported
        // is the leftmost; `slotOf` maps a file column to its place in `rowValues`.
        int[] parsedColumns = featureColumns.Append(targetColumn).Distinct().Order().ToArray();
        var slotOf = new Dictionary<int, int>();
        for (int s = 0; s < parsedColumns.Length; s++)
        {
            slotOf[parsedColumns[s]] = s;
        }

        int[] featureSlots = featureColumns.Select(c => slotOf[c]).ToArray();
        int targetSlot = slotOf[targetColumn];
        bool univariate = featureColumns.Length == 1 && featureColumns[0] == targetColumn;
        long valuesPerRow = univariate ? 1 : featureColumns.Length + 1;

        var rowValues = new float[parsedColumns.Length];
        var featureValues = new List<float>();
        var targetValues = new List<float>();
        int blankLine = 0; // a blank line is an error only if data follows it
        int lastDataLine = 1;
        while (csv.ReadRecord())
        {
            if (csv.IsBlank)
            {
                if (blankLine == 0)
                {
                    blankLine = csv.RecordLine;
                }

                continue;
            }

            if (blankLine != 0)
            {
                throw new DataFormatException(
                    $"{sourceName} line {blankLine}: empty line between data rows; remove it, or fill in its values",
                    blankLine,
                    null);
            }

            int rows = targetValues.Count + 1;
            if (rows > options.MaxRows)
            {
                throw new DataFormatException(
                    $"{sourceName} line {csv.RecordLine}: more than {options.MaxRows} data rows, the most accepted; use fewer rows",
                    csv.RecordLine,
                    null);
            }

            if (rows * valuesPerRow > options.MaxValues)
            {
                throw new DataFormatException(
                    $"{sourceName} line {csv.RecordLine}: more than {options.MaxValues} values in the selected columns, the most accepted; use fewer rows or features",
                    csv.RecordLine,
                    null);
            }

            lastDataLine = csv.RecordLine;
            CheckFieldCount(csv, header, sourceName);
            for (int s = 0; s < parsedColumns.Length; s++)
            {
                int column = parsedColumns[s];
                rowValues[s] = ParseValue(csv.Field(column), csv.FieldLine(column), header[column], sourceName);
            }

            foreach (int slot in featureSlots)
            {
                featureValues.Add(rowValues[slot]);
            }

            targetValues.Add(rowValues[targetSlot]);
        }

        CheckRowCount(targetValues.Count, lastDataLine + 1, sourceName, options);
        float[] targetArray = targetValues.ToArray();
        return univariate
            ? TimeSeries.Wrap(target, featureNames, targetArray, targetArray)
            : TimeSeries.Wrap(target, featureNames, featureValues.ToArray(), targetArray);
    }

    private static void ValidateFeatureList(string[] featureNames)
    {
        foreach (string name in featureNames)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("feature names must not be empty.", "features");
            }
        }

        string? repeated = featureNames.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
        {
            throw new ArgumentException($"features lists '{repeated}' more than once; list each column once.", "features");
        }
    }

    internal static string[] ReadHeader(CsvRecordReader csv, string sourceName, CsvLoadOptions options)
    {
        string expectation = $"expected a header row naming the columns, then at least {options.MinRows} data row{(options.MinRows == 1 ? "" : "s")}";
        if (!csv.ReadRecord())
        {
            throw new DataFormatException($"{sourceName} is empty: {expectation}", 1, null);
        }

        if (csv.IsBlank)
        {
            while (csv.ReadRecord())
            {
                if (!csv.IsBlank)
                {
                    throw new DataFormatException(
                        $"{sourceName} line 1: the header row is empty; the first line must name the columns (e.g. date,temp)",
                        1,
                        null);
                }
            }

            throw new DataFormatException($"{sourceName} is empty (only blank lines): {expectation}", 1, null);
        }

        var header = new string[csv.FieldCount];
        var firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = csv.Field(i).Trim().ToString();
            header[i] = name;
            if (name.Length == 0)
            {
                continue; // unnamed (e.g. a pandas index column): allowed, but not selectable
            }

            if (firstSeen.TryGetValue(name, out int first))
            {
                throw new DataFormatException(
                    $"{sourceName} line {csv.RecordLine}, column '{name}': duplicate column name (columns {first + 1} and {i + 1}); rename one of them",
                    csv.RecordLine,
                    name);
            }

            firstSeen[name] = i;
        }

        return header;
    }

    /// <summary>Checks only the header: the target and feature columns are there (the same messages as
    /// <see cref="Load"/>), so a large file can be refused before it is read whole or sent anywhere.</summary>
    /// <exception cref="DataFormatException">A column is missing, or the header is unusable.</exception>
    public static void CheckHeader(TextReader reader, string target, IReadOnlyList<string>? features, string sourceName, CsvLoadOptions? options = null) =>
        OpenColumns(reader, target, features, sourceName, options ?? CsvLoadOptions.Default);

    /// <summary>The reader past the header, the header, the feature names (the target alone when none are given), and
    /// the target's and features' columns.</summary>
    private static (CsvRecordReader Csv, string[] Header, string[] FeatureNames, int Target, int[] Features) OpenColumns(
        TextReader reader, string target, IReadOnlyList<string>? features, string sourceName, CsvLoadOptions options, string targetRole = "target")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(sourceName);
        string[] featureNames = features is null || features.Count == 0 ? [target] : [.. features];
        ValidateFeatureList(featureNames);

        var csv = new CsvRecordReader(reader, sourceName, options.MaxFieldLength, options.MaxColumns);
        csv.SkipByteOrderMark();
        string[] header = ReadHeader(csv, sourceName, options);
        csv.ColumnNames = header;

        int targetColumn = FindColumn(header, target, targetRole, sourceName);
        int[] featureColumns = featureNames.Select(f => FindColumn(header, f, "feature", sourceName)).ToArray();
        return (csv, header, featureNames, targetColumn, featureColumns);
    }

    /// <param name="role">What the column is for (target, feature), said in the message; null says nothing.</param>
    internal static int FindColumn(string[] header, string name, string? role, string sourceName)
    {
        int index = Array.IndexOf(header, name);
        if (index >= 0)
        {
            return index;
        }

        // A wide file's header made a message of thousands of names: the first few, and how many more.
        const int listed = 20;
        string[] named = header.Where(h => h.Length > 0).ToArray();
        string columns = string.Join(", ", named.Take(listed)) + (named.Length > listed ? $", … ({named.Length - listed} more)" : "");
        string? nearly = header.FirstOrDefault(h => h.Length > 0 && string.Equals(h.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
        string? why = nearly is null ? null
            : string.Equals(nearly.Trim(), name.Trim(), StringComparison.Ordinal) ? "names count their spaces" : "names are case-sensitive";
        string hint = nearly is not null ? $"; did you mean '{nearly}'? ({why})"
            : OtherSeparator(header) is { } separator ? $"; the header reads as one column: are the columns separated by '{separator}'? a CSV here is comma-separated"
            : "";
        throw new DataFormatException(
            $"{sourceName} line 1: column '{name}'{(role is null ? "" : $" ({role})")} not found; columns are: {columns}{hint}",
            1,
            name);
    }

    /// <summary>The separator a one-column header seems to use instead of commas (Excel in many locales writes ';').</summary>
    private static string? OtherSeparator(string[] header)
    {
        if (header.Length != 1) return null;
        foreach (var (separator, shown) in new[] { (';', ";"), ('\t', "\\t"), ('|', "|") })
            if (header[0].Contains(separator)) return shown;
        return null;
    }

    internal static void CheckFieldCount(CsvRecordReader csv, string[] header, string sourceName)
    {
        int fields = csv.FieldCount;
        if (fields == header.Length)
        {
            return;
        }

        const string fix = "every row needs one value per header column; check for a missing or extra comma, and quote values that contain commas";
        if (fields < header.Length)
        {
            string? missing = header[fields].Length > 0 ? header[fields] : null;
            string which = missing is null ? $"column {fields + 1}" : $"column '{missing}'";
            throw new DataFormatException(
                $"{sourceName} line {csv.RecordLine}, {which}: row has {fields} field{(fields == 1 ? "" : "s")}, header has {header.Length} ({which} is missing); {fix}",
                csv.RecordLine,
                missing);
        }

        throw new DataFormatException(
            $"{sourceName} line {csv.RecordLine}: row has {fields} fields, header has {header.Length}; {fix}",
            csv.RecordLine,
            null);
    }

    private static float ParseValue(ReadOnlySpan<char> text, int line, string column, string sourceName)
    {
        ReadOnlySpan<char> value = text.Trim();
        if (value.IsEmpty)
        {
            throw ValueError(line, column, sourceName, "empty value; every row needs a number in this column: fill it in or remove the row");
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            if (double.IsNaN(number) || (double.IsInfinity(number) && !ContainsDigit(value)))
            {
                throw ValueError(line, column, sourceName, $"'{Shown(value)}': NaN/Infinity is not allowed; replace it with a finite number or remove the row");
            }

            // double.Parse maps 1e999 to infinity; float needs |x| <= 3.4e38.
            if (double.IsInfinity(number) || Math.Abs(number) > float.MaxValue)
            {
                throw ValueError(line, column, sourceName, $"'{Shown(value)}' is too large for a 32-bit float (at most ±3.4e38); rescale the column");
            }

            return (float)number;
        }

        if (LooksLikeNonFiniteWord(value))
        {
            throw ValueError(line, column, sourceName, $"'{Shown(value)}': NaN/Infinity is not allowed; replace it with a finite number or remove the row");
        }

        string hint = value.Contains(',') && ContainsDigit(value)
            ? "use '.' as the decimal separator and no thousands separators (e.g. 1234.5)"
            : "write a plain decimal number such as 12.5, -0.5 or 1e-3";
        throw ValueError(line, column, sourceName, $"'{Shown(value)}' is not a number; {hint}");
    }

    private static DataFormatException ValueError(int line, string column, string sourceName, string problem) =>
        new($"{sourceName} line {line}, column '{column}': {problem}", line, column);

    private static bool ContainsDigit(ReadOnlySpan<char> s) => s.IndexOfAnyInRange('0', '9') >= 0;

    // Spellings other tools write (numpy "nan", "inf", "-inf") that .NET does not parse: say what they
    // are rather than "not a number".
    private static bool LooksLikeNonFiniteWord(ReadOnlySpan<char> s)
    {
        ReadOnlySpan<char> word = s.TrimStart("+-");
        return word.Equals("nan", StringComparison.OrdinalIgnoreCase)
            || word.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || word.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || word.Equals("∞", StringComparison.Ordinal);
    }

    private static string Shown(ReadOnlySpan<char> value) =>
        value.Length <= MaxShownValueLength ? value.ToString() : string.Concat(value[..MaxShownValueLength], "…");

    private static void CheckRowCount(int rows, int nextLine, string sourceName, CsvLoadOptions options)
    {
        if (rows == 0)
        {
            throw new DataFormatException(
                $"{sourceName} line 2: the header is there but no data rows follow; add at least {options.MinRows} row{(options.MinRows == 1 ? "" : "s")} of values",
                2,
                null);
        }

        if (rows < options.MinRows)
        {
            throw new DataFormatException(
                $"{sourceName} line {nextLine}: {rows} data row{(rows == 1 ? "" : "s")}, but at least {options.MinRows} are needed; add rows, or use a smaller window or horizon",
                nextLine,
                null);
        }
    }
}
