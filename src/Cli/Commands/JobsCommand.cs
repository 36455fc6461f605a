using System.CommandLine;
using Tuner.Cli.Client;
using Tuner.Cli.Output;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner jobs [--server URL] [--json]</c>: every job, newest first, with status, progress and best so far.</summary>
public static class JobsCommand
{
    public static Command Create()
    {
        var server = ServerOptions.Create();
        var json = ServerOptions.JsonOption("Print the server's JSON ({\"jobs\": [...]}) instead of a table.");
        var command = new Command("jobs", "List the jobs on a Tuner coordinator.") { server, json };
        ServerOptions.SetClientAction(command, server, async (parse, client, ct) =>
        {
            var jobs = await client.ListAsync(ct);
            if (parse.GetValue(json)) await Console.Out.WriteLineAsync(ClientOutput.Json(new { jobs }));
            else JobsTable.Write(jobs);
            return ExitCodes.Success;
        });
        return command;
    }
}
