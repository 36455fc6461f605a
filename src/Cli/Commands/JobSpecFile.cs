using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Training;
using Tuner.Training.Text;

namespace Tuner.Cli.Commands;

/// <summary>Reads and parses a job spec file for a command; every failure is bad input (exit 2) naming the file.</summary>
public static class JobSpecFile
{
    /// <summary>The spec in <paramref name="text"/>, read from <paramref name="path"/>: a JSON syntax error names the file.</summary>
    public static JobSpec Parse(string text, string path) => JobSpecParser.Parse(text, path);

    /// <param name="option">The flag that named the file, for the messages (null: the command's spec argument).</param>
    /// <param name="expected">What the file should be, for the messages.</param>
    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken = default, string? option = null, string expected = "a job spec file (JSON)")
    {
        var where = option is null ? path : $"{option}: {path}";
        if (Directory.Exists(path)) throw new InvalidInputException($"{where}: is a directory; give {expected}");
        if (!File.Exists(path)) throw new InvalidInputException($"{where}: file not found");
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{where}: cannot read the file: {e.Message}");
        }
        return Decode(bytes, where);
    }

    /// <summary>A job spec piped to standard input (<c>tuner submit -</c>), decoded as a file's would be; failures name
    /// standard input.</summary>
    public static async Task<string> ReadStandardInputAsync(CancellationToken cancellationToken = default) =>
        Decode(await StandardInput.ReadAllAsync("reading the job spec from the terminal: its JSON, then Ctrl-D", cancellationToken), StandardInput.Name);

    /// <summary>UTF-8, or UTF-16/32 announced by a byte-order mark (what Windows tools write); anything else is refused
    /// rather than decoded into replacement characters (a Latin-1 "données.csv" became a path that was not found).</summary>
    private static string Decode(byte[] bytes, string where)
    {
        if (UnicodeByteOrderMark.EncodingOf(bytes) is not null)
        {
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        // UTF-16 without its mark: valid UTF-8 bytes, and a JSON error about '0x00' that says nothing of the encoding.
        if (bytes.AsSpan().Contains((byte)0))
            throw new InvalidInputException($"{where}: holds NUL bytes, as UTF-16 text without a byte-order mark does; convert it to UTF-8, e.g. iconv -f utf-16le -t utf-8");
        return JobData.DecodeUtf8(bytes, where);
    }
}
