using System.CommandLine;
using Tuner.Cli.Client;
using Tuner.Cli.Output;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner results ID [--format json|csv] [--server URL]</c>: results.json (also while the job runs) or
/// trials.csv on stdout, exactly as <c>tuner run</c> writes them.</summary>
public static class ResultsCommand
{
    public static Command Create()
    {
        var id = ServerOptions.JobIdArgument();
        var server = ServerOptions.Create();
        var format = new Option<string>("--format") { Description = "json (results.json, default) or csv (trials.csv).", DefaultValueFactory = _ => "json" }.OneOf("json", "csv");
        var command = new Command("results", "Print a job's results (results.json or trials.csv), also while it runs.") { id, server, format };
        ServerOptions.SetClientAction(command, server, async (parse, client, ct) =>
        {
            var jobId = parse.GetValue(id)!;
            if (parse.GetValue(format) == "csv") await Console.Out.WriteAsync(await client.TrialsCsvAsync(jobId, ct));
            else await Console.Out.WriteLineAsync(RunOutputs.ResultsJson(await client.ResultsAsync(jobId, ct)));
            return ExitCodes.Success;
        });
        return command;
    }
}
