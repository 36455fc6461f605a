using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Serialization;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Api;

/// <summary><c>GET /api/jobs/{id}/events</c>: the job's <see cref="JobSummary"/> as server-sent events
/// (<c>event: summary</c>, one JSON document per <c>data:</c> line), the current one first, then one per change,
/// until the job ends (the last has a final status) — fed by <see cref="SubscribeJob"/>, so the job actor is the
/// source. Between summaries, <c>event: trials</c> carries the trials that changed (<see cref="DashboardProtocol.JobTrialsChanged"/>:
/// no histories, the new version), so the dashboard updates without refetching the job. A stream that ends without a final
/// summary (the coordinator moved, or is stopping) is for the client to reopen.</summary>
internal static class JobEventStream
{
    /// <param name="stopping">The host's stopping signal: the stream ends with it too. The server waits for open requests
    /// before the node leaves the cluster, so a stream left open held every SIGTERM (a rolling update) for the whole
    /// shutdown timeout, and the job manager's hand-over with it. The client reopens a stream that ends without a final
    /// summary, on a coordinator still running.</param>
    /// <param name="trials">Send <c>event: trials</c> too (the default; <c>?trials=false</c> turns it off: <c>tuner watch</c> reads summaries only).</param>
    public static async Task StreamAsync(HttpContext http, string jobId, ActorSystem system, IActorRef manager, ApiOptions options, CancellationToken stopping, bool trials = true)
    {
        using var open = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var ct = open.Token;
        // Only the newest summaries matter to a slow client; the final one is always the newest.
        var channel = Channel.CreateBounded<object>(new BoundedChannelOptions(32) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var relay = system.ActorOf(Props.Create(() => new Relay(channel.Writer)));
        try
        {
            manager.Tell(new SubscribeJob(jobId, trials), relay);
            using var firstWait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            firstWait.CancelAfter(options.AskTimeoutOrDefault);
            object first;
            try
            {
                first = await channel.Reader.ReadAsync(firstWait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await ApiResults.Errors(StatusCodes.Status503ServiceUnavailable, "the coordinator did not answer in time; retry shortly").ExecuteAsync(http);
                return;
            }
            if (first is not JobSummary summary)
            {
                await ApiResults.NotFound(jobId).ExecuteAsync(http);
                return;
            }

            http.Response.ContentType = "text/event-stream; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.WriteAsync("retry: 2000\n\n", ct);
            await WriteAsync(http, "summary", summary, ct);
            while (!summary.IsFinal)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                idle.CancelAfter(options.HeartbeatOrDefault);
                bool more;
                try
                {
                    more = await channel.Reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                    continue;
                }
                if (!more) break;
                while (channel.Reader.TryRead(out var next))
                {
                    if (next is DashboardProtocol.JobTrialsChanged changed)
                    {
                        await WriteAsync(http, "trials", changed, ct);
                        continue;
                    }
                    if (next is not JobSummary update) return;
                    summary = update;
                    await WriteAsync(http, "summary", summary, ct);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ct.IsCancellationRequested)
        {
            // The client went away, or the coordinator is stopping; stopping the relay ends the subscription.
        }
        finally
        {
            system.Stop(relay);
        }
    }

    private static async Task WriteAsync(HttpContext http, string name, object document, CancellationToken ct)
    {
        // Trials travel without their history (an empty list would read as "no epochs" to a client merging them).
        var json = JsonSerializer.Serialize(document, document.GetType(), ApiResults.WithoutHistory);
        await http.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
    }

    /// <summary>The subscriber: passes summaries and changed trials to the stream, ends it on the final one, on
    /// <see cref="JobNotFound"/>, or when the job actor stops (a coordinator hand-over).</summary>
    private sealed class Relay : ReceiveActor
    {
        public Relay(ChannelWriter<object> output)
        {
            var watching = false;
            Receive<JobSummary>(summary =>
            {
                if (!watching)
                {
                    Context.Watch(Sender);
                    watching = true;
                }
                output.TryWrite(summary);
                if (summary.IsFinal) output.TryComplete();
            });
            Receive<DashboardProtocol.JobTrialsChanged>(changed => output.TryWrite(changed));
            Receive<JobNotFound>(missing =>
            {
                output.TryWrite(missing);
                output.TryComplete();
            });
            Receive<Terminated>(_ => output.TryComplete());
        }
    }
}
