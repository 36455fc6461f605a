using System.CommandLine;
using Tuner.Cli.Client;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner cancel ID [--server URL]</c>: running trials stop within an epoch; results so far are kept.</summary>
public static class CancelCommand
{
    public static Command Create()
    {
        var id = ServerOptions.JobIdArgument();
        var server = ServerOptions.Create();
        var command = new Command("cancel", "Cancel a job: running trials stop, results so far are kept.") { id, server };
        ServerOptions.SetClientAction(command, server, async (parse, client, ct) =>
        {
            var jobId = parse.GetValue(id)!;
            await client.CancelAsync(jobId, ct);
            await Console.Out.WriteLineAsync($"cancelling {jobId}: running trials stop within an epoch; results so far are kept");
            return ExitCodes.Success;
        });
        return command;
    }
}
