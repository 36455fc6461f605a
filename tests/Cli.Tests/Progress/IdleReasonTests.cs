using Tuner.Cli.Progress;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Tests.Progress;

public sealed class IdleReasonTests
{
    [Fact]
    public void Says_which_of_no_worker_busy_slots_and_idle_slots_keeps_the_job_waiting()
    {
        Assert.Equal(IdleReason.Unknown, IdleReason.Of(null));
        // The coordinators' addresses, as a worker's --seeds takes them; a coordinator that did not name them (an older one)
        // leaves the form to fill in.
        Assert.Equal("no worker has joined (start one: tuner worker --seeds akka.tcp://tuner@vm1:4053,akka.tcp://tuner@vm2:4053)",
            IdleReason.Of(new WorkerRoster([], ["akka.tcp://tuner@vm1:4053", "akka.tcp://tuner@vm2:4053"])));
        Assert.Equal("no worker has joined (start one: tuner worker --seeds akka.tcp://tuner@HOST:4053 (a coordinator's --hostname and --port))",
            IdleReason.Of(new WorkerRoster([])));
        Assert.Equal("every worker slot is busy: 5 trials of other jobs running on 2 workers",
            IdleReason.Of(new WorkerRoster([new WorkerSlots("a", 0, 4), new WorkerSlots("b", 0, 1)])));
        Assert.Equal("every worker slot is busy: 1 trial of other jobs running on 1 worker", IdleReason.Of(new WorkerRoster([new WorkerSlots("a", 0, 1)])));
        Assert.Equal("3 worker slots idle on 2 workers, none taken by this job yet",
            IdleReason.Of(new WorkerRoster([new WorkerSlots("a", 1, 3), new WorkerSlots("b", 2, 0)])));
    }

    [Fact]
    public async Task A_source_asks_in_the_background_when_first_needed_then_every_few_seconds_and_keeps_unknown_on_failure()
    {
        var asked = 0;
        var answer = new TaskCompletionSource<WorkerRoster>();
        var source = new IdleReasonSource(_ => { asked++; return answer.Task; });
        Assert.Null(source.Current(TimeSpan.FromSeconds(10), CancellationToken.None)); // asked, not answered yet: no guess
        Assert.Equal(1, asked);
        answer.SetResult(new WorkerRoster([]));
        Assert.StartsWith("no worker has joined", source.Current(TimeSpan.FromSeconds(11), CancellationToken.None));
        Assert.Equal(1, asked); // the answer is fresh
        answer = new TaskCompletionSource<WorkerRoster>();
        source.Current(TimeSpan.FromSeconds(10) + IdleReasonSource.Refresh, CancellationToken.None);
        Assert.Equal(2, asked);
        answer.SetException(new HttpRequestException("connection refused"));
        Assert.Equal(IdleReason.Unknown, source.Current(TimeSpan.FromSeconds(16), CancellationToken.None));

        var once = new IdleReasonSource(_ => Task.FromResult(new WorkerRoster([new WorkerSlots("a", 0, 2)])));
        Assert.Equal("every worker slot is busy: 2 trials of other jobs running on 1 worker", await once.NowAsync(CancellationToken.None));
        Assert.Equal(IdleReason.Unknown, await new IdleReasonSource(null).NowAsync(CancellationToken.None));
        Assert.Equal(IdleReason.Unknown, new IdleReasonSource(null).Current(TimeSpan.Zero, CancellationToken.None)); // no one to ask: the general reason
        Assert.Equal(IdleReason.Unknown, await new IdleReasonSource(_ => Task.FromException<WorkerRoster>(new TimeoutException())).NowAsync(CancellationToken.None));
    }
}
