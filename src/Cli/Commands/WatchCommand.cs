using System.CommandLine;
using System.Threading.Channels;
using Tuner.Cli.Client;
using Tuner.Cli.Output;
using Tuner.Cli.Progress;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner watch ID [--server URL]</c>: live progress bars on stderr (the job's server-sent events) until
/// the job ends, then the best trials on stdout. Exit 0 when the job completed, 1 when it failed or was cancelled.
/// A stream that drops (a coordinator fail-over) is reopened until it has been down for <see cref="ReconnectSchedule.DefaultWindow"/>.</summary>
public static class WatchCommand
{
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
            var outage = new StreamOutage(TimeProvider.System);
            var pump = FollowAsync(client, jobId, channel.Writer, new ReconnectSchedule(TimeProvider.System, ReconnectSchedule.DefaultWindow), ct, outage);
            var last = await JobProgressView.RunAsync(channel.Reader, live, ct, client.WorkersAsync, outage, sinceSubmission: true);
            await pump;
            var results = await client.ResultsAsync(jobId, ct);
            ResultsTable.Write(results);
            if (results.Status == JobStatuses.Completed) return ExitCodes.Success;
            await Console.Error.WriteLineAsync($"job {jobId} ended {results.Status}{(last?.Error is { } error ? ": " + error : "")}");
            return ExitCodes.RuntimeFailure;
        }, "interrupted: stopped watching; the job goes on on the server (tuner watch ID follows it again, tuner cancel ID stops it)");
        return command;
    }

    /// <summary>Writes the job's summaries to <paramref name="output"/> until the final one, reopening the stream when
    /// it ends early; completes the channel with the error when it cannot. A server that never answered at all is not
    /// retried: the URL is probably wrong.</summary>
    public static async Task FollowAsync(TunerApiClient client, string jobId, ChannelWriter<JobSummary> output, CancellationToken ct) =>
        await FollowAsync(client, jobId, output, new ReconnectSchedule(TimeProvider.System, ReconnectSchedule.DefaultWindow), ct);

    /// <param name="outage">Told when the stream is lost and when it answers again, for the view to say so.</param>
    internal static async Task FollowAsync(TunerApiClient client, string jobId, ChannelWriter<JobSummary> output, ReconnectSchedule reconnects, CancellationToken ct,
        StreamOutage? outage = null)
    {
        var connected = false;
        try
        {
            while (true)
            {
                try
                {
                    await foreach (var summary in client.EventsAsync(jobId, ct))
                    {
                        reconnects.Answered();
                        outage?.Answered();
                        connected = true;
                        output.TryWrite(summary);
                        if (summary.IsFinal)
                        {
                            output.TryComplete();
                            return;
                        }
                    }
                }
                catch (ApiUnavailableException e) when (connected || e.Status is not null)
                {
                    // The stream broke after the server had answered, or the server answered with an error (a
                    // coordinator fail-over: 503 until the job manager runs again): reopen it.
                }
                // The stream closed or broke before the final summary: try again, for as long as the window allows.
                outage?.Lost();
                var pause = reconnects.NextPause()
                    ?? throw new ApiUnavailableException($"the event stream of job {jobId} at {client.Server} stayed down for {reconnects.Window.TotalSeconds:F0} s before the job ended");
                await Task.Delay(pause, ct);
            }
        }
        catch (Exception e)
        {
            output.TryComplete(e);
        }
    }
}
