using System.CommandLine;
using Tuner.Cli.Client;
using Tuner.Contracts.Protocol;

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
            // The API answers "cancelled" both for a job it ended now and for one cancelled before: asked first, a job
            // that has ended is said to have ended.
            var before = (await client.StatusAsync(jobId, ct)).Status;
            var status = JobStatuses.IsFinal(before) ? null : await client.CancelAsync(jobId, ct);
            await Console.Out.WriteLineAsync(status switch
            {
                JobStatuses.Cancelling => $"cancelling {jobId}: running trials stop within an epoch; results so far are kept",
                JobStatuses.Cancelled => $"cancelled {jobId}: results so far are kept",
                _ => $"job {jobId} has ended ({status ?? before}): nothing to cancel",
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
