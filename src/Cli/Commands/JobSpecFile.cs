using Tuner.Contracts;
using Tuner.Contracts.Jobs;

namespace Tuner.Cli.Commands;

/// <summary>Reads and parses a job spec file for a command; every failure is bad input (exit 2) naming the file.</summary>
public static class JobSpecFile
{
    public static async Task<JobSpec> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await ReadTextAsync(path, cancellationToken), path);

    /// <summary>The spec in <paramref name="text"/>, read from <paramref name="path"/>: a JSON syntax error names the file.</summary>
    public static JobSpec Parse(string text, string path) => JobSpecParser.Parse(text, path);

    /// <param name="option">The flag that named the file, for the messages (null: the command's spec argument).</param>
    /// <param name="expected">What the file should be, for the messages.</param>
    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken = default, string? option = null, string expected = "a job spec file (JSON)")
    {
        var where = option is null ? path : $"{option}: {path}";
        if (Directory.Exists(path)) throw new InvalidInputException($"{where}: is a directory; give {expected}");
        if (!File.Exists(path)) throw new InvalidInputException($"{where}: file not found");
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{where}: cannot read the file: {e.Message}");
        }
    }
}
