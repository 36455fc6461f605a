using System.CommandLine;
using System.Threading.Channels;
using Tuner.Cli.Client;
using Tuner.Cli.Output;
using Tuner.Cli.Progress;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner watch ID [--server URL]</c>: live progress bars on stderr (the job's server-sent events) until
/// the job ends, then the best trials on stdout. Exit 0 when the job completed, 1 when it failed or was cancelled.
/// A stream that drops (a coordinator hand-over) is reopened; only repeated failures give up.</summary>
public static class WatchCommand
{
    /// <summary>Consecutive failed or cut streams before watch gives up.</summary>
    private const int MaxReconnects = 5;

    public static Command Create()
    {
        var id = ServerOptions.JobIdArgument();
        var server = ServerOptions.Create();
        var command = new Command("watch", "Follow a job live until it ends, then print the best trials.") { id, server };
        ServerOptions.SetClientAction(command, server, async (parse, client, ct) =>
        {
            var jobId = parse.GetValue(id)!;
            var live = JobProgressView.IsLive(jsonOutput: false);
            JobProgressView.PrepareLogging(live);
            var channel = Channel.CreateUnbounded<JobSummary>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var pump = FollowAsync(client, jobId, channel.Writer, ct);
            var last = await JobProgressView.RunAsync(channel.Reader, live, ct);
            await pump;
            var results = await client.ResultsAsync(jobId, ct);
            ResultsTable.Write(results);
            if (results.Status == JobStatuses.Completed) return ExitCodes.Success;
            await Console.Error.WriteLineAsync($"job {jobId} ended {results.Status}{(last?.Error is { } error ? ": " + error : "")}");
            return ExitCodes.RuntimeFailure;
        });
        return command;
    }

    /// <summary>Writes the job's summaries to <paramref name="output"/> until the final one, reopening the stream when
    /// it ends early; completes the channel with the error when it cannot. A server that never answered is not
    /// retried: the URL is probably wrong.</summary>
    public static async Task FollowAsync(TunerApiClient client, string jobId, ChannelWriter<JobSummary> output, CancellationToken ct)
    {
        var failures = 0;
        var connected = false;
        try
        {
            while (true)
            {
                try
                {
                    await foreach (var summary in client.EventsAsync(jobId, ct))
                    {
                        failures = 0;
                        connected = true;
                        output.TryWrite(summary);
                        if (summary.IsFinal)
                        {
                            output.TryComplete();
                            return;
                        }
                    }
                }
                catch (ApiUnavailableException) when (connected && failures < MaxReconnects)
                {
                    // The stream broke after the server had answered (a coordinator hand-over): reopen it.
                }
                // The stream closed or broke before the final summary: one more failed pass.
                if (failures >= MaxReconnects) throw new ApiUnavailableException($"the event stream of job {jobId} at {client.Server} kept closing before the job ended");
                await Task.Delay(TimeSpan.FromSeconds(++failures), ct);
            }
        }
        catch (Exception e)
        {
            output.TryComplete(e);
        }
    }
}
