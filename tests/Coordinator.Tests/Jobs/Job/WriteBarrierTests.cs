using Tuner.Coordinator.Jobs.Job;

namespace Tuner.Coordinator.Tests.Jobs.Job;

public sealed class WriteBarrierTests
{
    private readonly WriteBarrier _writes = new();
    private readonly List<string> _ran = [];

    private Action Note(string what) => () => _ran.Add(what);

    [Fact]
    public void With_nothing_in_flight_an_action_runs_at_once()
    {
        _writes.AfterWrites(Note("reply"));
        Assert.Equal(["reply"], _ran);
        Assert.True(_writes.CaughtUp);
    }

    [Fact]
    public void An_action_waits_for_the_writes_issued_before_it_and_not_for_later_ones()
    {
        _writes.Issued(Note("ack 1"));
        _writes.AfterWrites(Note("reply after 1"));
        _writes.Issued(Note("ack 2"));
        _writes.AfterWrites(Note("reply after 2"));
        Assert.Empty(_ran);
        Assert.False(_writes.CaughtUp);

        _writes.Durable();
        Assert.Equal(["ack 1", "reply after 1"], _ran);
        _writes.Durable();
        Assert.Equal(["ack 1", "reply after 1", "ack 2", "reply after 2"], _ran);
        Assert.True(_writes.CaughtUp);
    }

    [Fact]
    public void An_action_queued_by_a_running_action_does_not_overtake_those_already_waiting()
    {
        _writes.Issued(() =>
        {
            _ran.Add("ack");
            _writes.AfterWrites(Note("queued by ack")); // everything is durable now, but "reply" is still waiting
        });
        _writes.AfterWrites(Note("reply"));
        _writes.Durable();
        Assert.Equal(["ack", "reply", "queued by ack"], _ran);
    }

    [Fact]
    public void A_write_issued_by_a_running_action_holds_back_what_is_queued_after_it()
    {
        _writes.Issued(() =>
        {
            _ran.Add("result durable");
            _writes.Issued(Note("completion durable")); // e.g. the job's JobFinished, decided once the result is in
            _writes.AfterWrites(Note("stop"));
        });
        _writes.Durable();
        Assert.Equal(["result durable"], _ran);
        _writes.Durable();
        Assert.Equal(["result durable", "completion durable", "stop"], _ran);
    }

    [Fact]
    public void Confirming_a_write_that_was_never_issued_is_a_bug() =>
        Assert.Throws<InvalidOperationException>(() => _writes.Durable());
}
