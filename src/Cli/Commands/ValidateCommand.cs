using System.CommandLine;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner validate JOB.json|-</c>: prints <c>ok</c> (exit 0) or every problem, one per line on stderr (exit 2).</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var job = JobSpecSource.Argument();
        var command = new Command("validate", "Check a job spec without running it: prints ok, or every problem found, one per line.");
        command.Arguments.Add(job);
        command.SetAction((parse, cancellationToken) => TunerCli.Guard(async () =>
        {
            var source = await JobSpecSource.ReadAsync(parse.GetValue(job)!, cancellationToken);
            var uploaded = SpecDataCheck.Run(source.Spec, source.BaseDirectory);
            await Console.Out.WriteLineAsync("ok");
            if (uploaded is not null)
                await Console.Error.WriteLineAsync($"(data.dataset {uploaded} is on a coordinator: its columns and values are checked when tuner submit sends the spec)");
            return ExitCodes.Success;
        }));
        return command;
    }
}
