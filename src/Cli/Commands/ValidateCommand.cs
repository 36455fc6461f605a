using System.CommandLine;
using Tuner.Training;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner validate JOB.json</c>: prints <c>ok</c> (exit 0) or every problem, one per line on stderr (exit 2).</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var job = new Argument<string>("JOB.json") { Description = "The job spec file (JSON)." }.NotEmpty("a job spec file");
        var command = new Command("validate", "Check a job spec without running it: prints ok, or every problem found, one per line.");
        command.Arguments.Add(job);
        command.SetAction((parse, cancellationToken) => TunerCli.Guard(async () =>
        {
            var path = parse.GetValue(job)!;
            var spec = await JobSpecFile.ReadAsync(path, cancellationToken);
            // A CSV uploaded to a coordinator is read there only: the spec is valid, its data is checked at submission.
            if (spec.Data is Contracts.Jobs.CsvDataSpec { Dataset: { } dataset })
            {
                await Console.Out.WriteLineAsync("ok");
                await Console.Error.WriteLineAsync($"(data.dataset {dataset} is on a coordinator: its columns and values are checked when tuner submit sends the spec)");
                return ExitCodes.Success;
            }
            // The spec is well-formed; now the data it names: CSV columns and values, window vs length, the model's size.
            Tuner.Training.JobData.Check(spec, Path.GetDirectoryName(Path.GetFullPath(path)));
            await Console.Out.WriteLineAsync("ok");
            return ExitCodes.Success;
        }));
        return command;
    }
}
