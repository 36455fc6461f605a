using Tuner.Contracts;
using Tuner.Contracts.Jobs;

namespace Tuner.Cli.Commands;

/// <summary>Reads and parses a job spec file for a command; every failure is bad input (exit 2) naming the file.</summary>
public static class JobSpecFile
{
    public static async Task<JobSpec> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        JobSpecParser.Parse(await ReadTextAsync(path, cancellationToken));

    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(path)) throw new InvalidInputException($"{path}: is a directory; give a job spec file (JSON)");
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found");
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read the file: {e.Message}");
        }
    }
}
