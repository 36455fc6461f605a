using Microsoft.Extensions.Time.Testing;
using Tuner.Coordinator.Jobs.Job;

namespace Tuner.Coordinator.Tests.Jobs.Job;

public sealed class AttemptLivenessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400); // checks every 100 ms
    private readonly FakeTimeProvider _clock = new();
    private readonly AttemptLiveness<string> _liveness;

    public AttemptLivenessTests() => _liveness = new AttemptLiveness<string>(Timeout, _clock);

    private void Assign(string attemptId, string worker) => _liveness.Assigned(attemptId, worker);

    /// <summary>Advances the clock one check interval at a time, asking the silence rule after each, as the job's timer does.</summary>
    private List<string> CheckFor(TimeSpan span, Action? betweenChecks = null)
    {
        var silent = new List<string>();
        for (var t = TimeSpan.Zero; t < span; t += _liveness.CheckInterval)
        {
            _clock.Advance(_liveness.CheckInterval);
            silent.AddRange(_liveness.Silent());
            betweenChecks?.Invoke();
        }
        return silent;
    }

    [Fact]
    public void An_attempt_not_heard_from_for_the_timeout_is_silent_and_one_heard_from_is_not()
    {
        Assign("a#1", "w1");
        Assign("b#1", "w2");
        Assert.Equal(TimeSpan.FromMilliseconds(100), _liveness.CheckInterval);

        Assert.Empty(CheckFor(Timeout, () => _liveness.HeardFrom("b#1", "w2")));  // exactly the timeout: not yet
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _liveness.HeardFrom("b#1", "w2");
        Assert.Equal(["a#1"], _liveness.Silent());
    }

    [Fact]
    public void A_check_that_comes_late_means_this_node_stalled_and_gives_everyone_a_full_timeout_again()
    {
        Assign("a#1", "w1");
        Assert.Empty(CheckFor(TimeSpan.FromMilliseconds(200)));

        _clock.Advance(TimeSpan.FromMilliseconds(201)); // more than two intervals since the last check
        Assert.Empty(_liveness.Silent()); // 401 ms of silence, but the check itself was stalled

        Assert.Empty(CheckFor(TimeSpan.FromMilliseconds(400)));
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["a#1"], _liveness.Silent()); // a full timeout after the stall
    }

    [Fact]
    public void Two_intervals_between_checks_is_not_yet_a_stall()
    {
        Assign("a#1", "w1");
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Empty(_liveness.Silent());
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Empty(_liveness.Silent()); // 400 ms: not more than the timeout
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(["a#1"], _liveness.Silent());
    }

    [Fact]
    public void Attempts_running_before_a_restart_are_awaited_until_they_report_or_the_lease_runs_out()
    {
        _liveness.AwaitReportsFrom([("a#1", null), ("b#1", null), ("c#1", null)]);
        Assert.Empty(_liveness.Workers);

        var heard = _liveness.HeardFrom("b#1", "w2");
        Assert.Equal(new AttemptLiveness<string>.Heard(NewWorker: true, ConfirmedAfterRestart: true), heard);
        Assert.Equal(new AttemptLiveness<string>.Heard(NewWorker: false, ConfirmedAfterRestart: false), _liveness.HeardFrom("b#1", "w2"));
        Assert.Equal("w2", _liveness.Workers["b#1"]);

        Assert.Equal(["a#1", "c#1"], _liveness.LeaseExpired().Order());
        Assert.Empty(_liveness.Unconfirmed);
        Assert.Empty(_liveness.LeaseExpired());
    }

    [Fact]
    public void A_report_from_another_worker_moves_the_attempt_there()
    {
        Assign("a#1", "w1");
        Assert.True(_liveness.HeardFrom("a#1", "w9").NewWorker);
        Assert.False(_liveness.HeardFrom("a#1", null).NewWorker); // a sender nobody knows changes nothing
        Assert.Equal("w9", _liveness.Workers["a#1"]);
    }

    [Fact]
    public void A_lost_worker_names_its_attempts_and_a_forgotten_attempt_frees_its_worker_once_it_runs_no_other()
    {
        Assign("a#1", "w1");
        Assign("b#1", "w1");
        Assign("c#1", "w2");
        Assert.Equal(["a#1", "b#1"], _liveness.AttemptsOn(w => w == "w1").Order());

        Assert.Null(_liveness.Forget("a#1"));      // w1 still runs b#1
        Assert.Equal("w1", _liveness.Forget("b#1"));
        Assert.Null(_liveness.Forget("b#1"));      // twice: nothing more
        Assert.Empty(_liveness.AttemptsOn(w => w == "w1"));
    }

    [Fact]
    public void A_forgotten_attempt_is_neither_silent_nor_awaited()
    {
        _liveness.AwaitReportsFrom([("a#1", "n1")]);
        Assign("b#1", "w1");
        _liveness.Forget("a#1");
        _liveness.Forget("b#1");
        Assert.Empty(CheckFor(TimeSpan.FromSeconds(1)));
        Assert.Empty(_liveness.UnconfirmedOn(_ => true));
        Assert.Empty(_liveness.LeaseExpired());
    }

    [Fact]
    public void An_attempt_awaited_after_a_restart_is_lost_at_once_when_its_journalled_node_is_gone_and_not_once_it_reported()
    {
        _liveness.AwaitReportsFrom([("a#1", "n1"), ("b#1", "n1"), ("c#1", "n2"), ("d#1", null)]);
        _liveness.HeardFrom("b#1", "w1"); // reported in: its node is evidently there

        Assert.Equal(["a#1"], _liveness.UnconfirmedOn(node => node == "n1"));
        Assert.Equal(["a#1", "c#1"], _liveness.UnconfirmedOn(_ => true).Order()); // d#1's node is not known: the lease decides
        _liveness.Forget("a#1");
        Assert.Equal(["c#1", "d#1"], _liveness.LeaseExpired().Order());
        Assert.Empty(_liveness.UnconfirmedOn(_ => true));
    }
}
