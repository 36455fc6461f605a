namespace Tuner.Training.Text;

/// <summary>The encoding a UTF-16 or UTF-32 byte-order mark announces, so a file that is not UTF-8 because it is one of
/// those is told the right conversion (iconv's utf-16 and utf-32 read the mark for the byte order); a Latin-1 one
/// would turn it into garbage.</summary>
public static class UnicodeByteOrderMark
{
    /// <summary>"utf-32" or "utf-16" when <paramref name="start"/> (a file's first bytes) begins with that encoding's
    /// mark, else null. UTF-32's little-endian mark begins with UTF-16's, so it is checked first.</summary>
    public static string? EncodingOf(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])) return "utf-32";
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return "utf-16";
        return null;
    }
}
