using System.CommandLine;
using Tuner.Cli.Client;
using Tuner.Cli.Output;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner workers [--server URL] [--json]</c>: the workers the coordinator hears from, with their idle slots and
/// the trials they train (<c>GET /api/workers</c>).</summary>
public static class WorkersCommand
{
    public static Command Create()
    {
        var server = ServerOptions.Create();
        var json = ServerOptions.JsonOption("Print the server's JSON ({\"workers\": [...], \"seeds\": [...]}) instead of a table.");
        var command = new Command("workers", "List the workers of a Tuner coordinator: idle slots and trials training.") { server, json };
        ServerOptions.SetClientAction(command, server, async (parse, client, ct) =>
        {
            var roster = await client.WorkersAsync(ct);
            if (parse.GetValue(json)) await Console.Out.WriteLineAsync(ClientOutput.Json(roster));
            else WorkersTable.Write(roster);
            return ExitCodes.Success;
        });
        return command;
    }
}
