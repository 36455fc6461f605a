using System.CommandLine;

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
            var uploaded = SpecDataCheck.Run(spec, path);
            await Console.Out.WriteLineAsync("ok");
            if (uploaded is not null)
                await Console.Error.WriteLineAsync($"(data.dataset {uploaded} is on a coordinator: its columns and values are checked when tuner submit sends the spec)");
            return ExitCodes.Success;
        }));
        return command;
    }
}
