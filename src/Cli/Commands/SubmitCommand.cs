using System.CommandLine;
using Tuner.Cli.Client;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Training;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner submit JOB.json|- [--server URL]</c>: checks the spec (a file, or standard input) here, uploads a csv job's file as a dataset
/// (<see cref="DatasetUpload"/>: with a progress bar, skipped when the coordinator has it already; workers need no
/// shared disk) and prints the new job's id on stdout.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("JOB.json") { Description = "The job spec file, or - to read it from standard input (its relative data.path is then the current directory's). A csv job's file is uploaded first." }
            .NotEmpty("a job spec file, or - for standard input");
        var server = ServerOptions.Create();
        var command = new Command("submit", "Submit a job to a Tuner coordinator; prints the job id.") { file, server };
        ServerOptions.SetLazyClientAction(command, server, async (parse, client, ct) =>
        {
            var path = parse.GetValue(file)!;
            var piped = path == StandardInput.Dash;
            var text = piped ? await JobSpecFile.ReadStandardInputAsync(ct) : await JobSpecFile.ReadTextAsync(path, ct);
            var spec = JobSpecFile.Parse(text, piped ? StandardInput.Name : path);
            // A relative data.path is the spec file's folder's; a piped spec has none, so it is the current directory's.
            var specDirectory = piped ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(path))!;
            var submitted = await DatasetUpload.PrepareAsync(text, spec, specDirectory, client.Value, ct);
            string id;
            try
            {
                id = await client.Value.SubmitAsync(submitted, ct);
            }
            catch (InvalidInputException e) when (spec.Data is FileDataSpec { Path: { } dataPath, Content: null }
                && e.Problems.Any(p => p.Contains("data.content", StringComparison.Ordinal) || p.Contains("data.dataset", StringComparison.Ordinal)))
            {
                // The coordinator names the data as it received it; the user knows it by its file.
                throw new InvalidInputException([.. e.Problems, $"(data.content and data.dataset above are {JobData.DataPath(dataPath, specDirectory)}, which tuner submit sent with the job)"]);
            }
            await Console.Out.WriteLineAsync(id);
            return ExitCodes.Success;
        });
        return command;
    }
}
