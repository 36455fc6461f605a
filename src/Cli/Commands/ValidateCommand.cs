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
            var notChecked = SpecDataCheck.Run(spec, path);
            await Console.Out.WriteLineAsync("ok");
            if (notChecked is not null) await Console.Error.WriteLineAsync(notChecked);
            return ExitCodes.Success;
        }));
        return command;
    }
}
