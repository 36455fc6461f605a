namespace Tuner.Engine.Data;

/// <summary>Input data that cannot be used, with the line and column where the problem is and how to fix it.</summary>
/// <remarks>
/// Derives from <see cref="FormatException"/> so callers that map format errors to "invalid input"
/// (exit code 2, HTTP 400) handle it without knowing this type. The message is complete on its own,
/// e.g. <c>data.csv line 17, column 'temp': 'abc' is not a number; …</c>.
/// </remarks>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception; <paramref name="message"/> already names the source, row and column.</summary>
    public DataFormatException(string message, int row, string? column)
        : base(message)
    {
        Row = row;
        Column = column;
    }

    /// <summary>1-based line number in the file (the header is line 1); for problems with the whole file, the line where more was expected.</summary>
    public int Row { get; }

    /// <summary>Name of the offending column, or null when the problem is not about one column (e.g. a row with too many fields).</summary>
    public string? Column { get; }
}
