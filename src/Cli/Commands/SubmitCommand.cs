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
        var file = JobSpecSource.Argument("A csv job's file is uploaded first.");
        var server = ServerOptions.Create();
        var command = new Command("submit", "Submit a job to a Tuner coordinator; prints the job id.") { file, server };
        ServerOptions.SetLazyClientAction(command, server, async (parse, client, ct) =>
        {
            var (text, spec, _, specDirectory) = await JobSpecSource.ReadAsync(parse.GetValue(file)!, ct);
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
