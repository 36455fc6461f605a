using System.CommandLine;
using Tuner.Cli.Client;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner cancel ID [--server URL]</c>: running trials stop within an epoch; results so far are kept.</summary>
public static class CancelCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The job id." };
        var server = ServerOptions.Create();
        var command = new Command("cancel", "Cancel a job: running trials stop, results so far are kept.") { id, server };
        command.SetAction((parse, ct) => TunerCli.Guard(async () =>
        {
            using var client = ServerOptions.Connect(parse.GetValue(server));
            var jobId = parse.GetValue(id)!;
            await client.CancelAsync(jobId, ct);
            await Console.Out.WriteLineAsync($"cancelling {jobId}: running trials stop within an epoch; results so far are kept");
            return ExitCodes.Success;
        }));
        return command;
    }
}
