using System.CommandLine;
using Tuner.Contracts.Jobs;

namespace Tuner.Cli.Commands;

/// <summary>A command's job spec argument, read: a file, or <c>-</c> for standard input (<c>make-spec | tuner run -</c>).</summary>
/// <param name="Text">The spec as written, which <c>run</c> and <c>submit</c> send on.</param>
/// <param name="Name">What messages call it: the file's path, or "standard input".</param>
/// <param name="BaseDirectory">What a relative <c>data.path</c> is relative to: the spec file's folder; standard input has
/// none, so the current directory.</param>
internal sealed record JobSpecSource(string Text, JobSpec Spec, string Name, string BaseDirectory)
{
    /// <summary>What the argument's help says of <c>-</c>.</summary>
    public const string Help = "The job spec file, or - to read it from standard input (its relative data.path is then the current directory's).";

    /// <summary>How usage lines and <c>tuner --help</c>'s command list show the argument: a file or <c>-</c>.</summary>
    public const string HelpName = "JOB.json|-";

    /// <summary>The <c>JOB.json</c> argument; <paramref name="more"/> follows <see cref="Help"/>.</summary>
    public static Argument<string> Argument(string? more = null) =>
        new Argument<string>("JOB.json") { HelpName = HelpName, Description = more is null ? Help : $"{Help} {more}" }.NotEmpty("a job spec file, or - for standard input");

    /// <summary>The spec <paramref name="argument"/> names; failures are bad input (exit 2) naming the file or standard input.</summary>
    public static async Task<JobSpecSource> ReadAsync(string argument, CancellationToken cancellation)
    {
        if (argument != StandardInput.Dash)
        {
            var text = await JobSpecFile.ReadTextAsync(argument, cancellation);
            return new(text, JobSpecFile.Parse(text, argument), argument, Path.GetDirectoryName(Path.GetFullPath(argument))!);
        }
        var piped = await JobSpecFile.ReadStandardInputAsync(cancellation);
        return new(piped, JobSpecFile.Parse(piped, StandardInput.Name), StandardInput.Name, Environment.CurrentDirectory);
    }
}
