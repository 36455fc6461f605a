using System.CommandLine;
using Tuner.Cli.Client;
using Tuner.Cli.Output;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner status ID [--server URL] [--json]</c>: one job's status, progress, best so far and running trials.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var id = ServerOptions.JobIdArgument("The job id (as tuner submit printed it).");
        var server = ServerOptions.Create();
        var json = ServerOptions.JsonOption("Print the server's JSON summary.");
        var command = new Command("status", "Show one job's status and progress.") { id, server, json };
        ServerOptions.SetClientAction(command, server, async (parse, client, ct) =>
        {
            var summary = await client.StatusAsync(parse.GetValue(id)!, ct);
            if (parse.GetValue(json)) await Console.Out.WriteLineAsync(ClientOutput.Json(summary));
            else JobsTable.WriteStatus(summary);
            return ExitCodes.Success;
        });
        return command;
    }
}
