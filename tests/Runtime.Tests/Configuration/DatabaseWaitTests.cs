using Microsoft.Extensions.Time.Testing;
using Tuner.Contracts;
using Tuner.Runtime.Configuration;

namespace Tuner.Runtime.Tests.Configuration;

/// <summary>A coordinator's wait for its database at start, on a virtual clock: a database that cannot be reached is
/// tried again after 1 s, 2 s, 4 s, … at most 10 s apart until it answers or the bound is over; what waiting cannot fix
/// ends it at once.</summary>
public sealed class DatabaseWaitTests
{
    private const string Setting = "--db-wait / TUNER_DB_WAIT";
    private const string Database = "PostgreSQL db:5432/tuner";

    /// <summary>A probe that is refused while <see cref="Down"/>, each try moving the clock by <see cref="TryTakes"/>.</summary>
    private sealed class Probe(FakeTimeProvider clock)
    {
        public bool Down { get; set; } = true;
        public int Tries { get; private set; }
        public TimeSpan TryTakes { get; init; } = TimeSpan.Zero;

        public Task CheckAsync(CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            Tries++;
            clock.Advance(TryTakes);
            return Down
                ? Task.FromException(new DatabaseUnreachableException("--db / TUNER_DB", Database, $"Failed to connect to db:5432: Connection refused (try {Tries})"))
                : Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_database_that_comes_up_is_tried_after_each_pause_and_answers()
    {
        var clock = new FakeTimeProvider();
        var probe = new Probe(clock);
        var waits = new List<DatabaseWait.Waiting>();
        var wait = new DatabaseWait(TimeSpan.FromSeconds(60), Setting, clock, waits.Add);

        var waiting = wait.UntilItAnswersAsync(probe.CheckAsync, CancellationToken.None);
        foreach (var pause in new[] { 1, 2, 4, 8, 10 })
        {
            await Until(() => waits.Count == probe.Tries); // the pause has begun
            clock.Advance(TimeSpan.FromSeconds(pause) - TimeSpan.FromMilliseconds(1));
            await Task.Delay(30);
            Assert.Equal(waits.Count, probe.Tries); // not a moment early
            if (pause == 10) probe.Down = false;
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(6, await waiting);
        Assert.Equal([1, 2, 4, 8, 10], waits.Select(w => w.Pause.TotalSeconds));
        Assert.Equal([60, 59, 57, 53, 45], waits.Select(w => w.Left.TotalSeconds)); // how long it will keep trying
        Assert.Equal([1, 2, 3, 4, 5], waits.Select(w => w.Tries));
        Assert.All(waits, w => Assert.Equal((Database, Setting), (w.Database, w.BoundSetting)));
        Assert.Equal("Failed to connect to db:5432: Connection refused (try 5)", waits[^1].Reason);
    }

    [Fact]
    public async Task Once_the_bound_is_over_it_gives_up_naming_the_database_the_last_error_and_the_setting()
    {
        var clock = new FakeTimeProvider();
        var probe = new Probe(clock);
        var waits = new List<DatabaseWait.Waiting>();
        var waiting = new DatabaseWait(TimeSpan.FromSeconds(30), Setting, clock, waits.Add).UntilItAnswersAsync(probe.CheckAsync, CancellationToken.None);
        for (int tries = 1; ; tries++)
        {
            await Until(() => probe.Tries == tries && (waits.Count == tries || waiting.IsCompleted)); // tried, and pausing or done
            if (waiting.IsCompleted) break;
            clock.Advance(waits[^1].Pause);
        }

        var error = await Assert.ThrowsAsync<DatabaseUnreachableException>(() => waiting);
        // 0, 1, 3, 7, 15, 25 and 30: the last try at the bound.
        Assert.Equal([1, 2, 4, 8, 10, 5], waits.Select(w => w.Pause.TotalSeconds));
        Assert.Equal(7, probe.Tries);
        Assert.Equal("--db / TUNER_DB: PostgreSQL db:5432/tuner could not be reached: 7 tries in 30 s, the last: Failed to connect to db:5432: Connection refused (try 7); "
                     + "start it (or check its address), or wait longer than 30 s with --db-wait / TUNER_DB_WAIT", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal((Database, "--db / TUNER_DB"), (error.Database, error.Setting));
    }

    [Fact]
    public async Task Slow_tries_count_against_the_bound()
    {
        var clock = new FakeTimeProvider();
        var probe = new Probe(clock) { TryTakes = TimeSpan.FromSeconds(15) }; // a connect timeout each time
        var waits = new List<DatabaseWait.Waiting>();
        var waiting = new DatabaseWait(TimeSpan.FromSeconds(20), Setting, clock, waits.Add).UntilItAnswersAsync(probe.CheckAsync, CancellationToken.None);
        await Until(() => waits.Count == 1);
        Assert.Equal((1, 5), (waits[0].Pause.TotalSeconds, waits[0].Left.TotalSeconds));
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<DatabaseUnreachableException>(() => waiting);
        Assert.Equal(2, probe.Tries);
        Assert.Contains("2 tries in 31 s", error.Message);
    }

    [Fact]
    public async Task A_bound_of_zero_tries_once_and_says_how_to_wait()
    {
        var clock = new FakeTimeProvider();
        var probe = new Probe(clock);
        var waits = new List<DatabaseWait.Waiting>();

        var error = await Assert.ThrowsAsync<DatabaseUnreachableException>(() =>
            new DatabaseWait(TimeSpan.Zero, Setting, clock, waits.Add).UntilItAnswersAsync(probe.CheckAsync, CancellationToken.None));

        Assert.Equal(1, probe.Tries);
        Assert.Empty(waits);
        Assert.Equal("--db / TUNER_DB: cannot reach PostgreSQL db:5432/tuner: Failed to connect to db:5432: Connection refused (try 1); "
                     + "--db-wait / TUNER_DB_WAIT is 0 (no wait): give e.g. 60s to wait for it to start", error.Message);
    }

    [Fact]
    public async Task What_waiting_cannot_fix_ends_it_at_once()
    {
        var clock = new FakeTimeProvider();
        int tries = 0;
        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            new DatabaseWait(TimeSpan.FromSeconds(60), Setting, clock, _ => Assert.Fail("no wait")).UntilItAnswersAsync(_ =>
            {
                tries++;
                throw new InvalidInputException("--db / TUNER_DB: cannot use PostgreSQL db:5432/tuner: 28P01: password authentication failed for user \"tuner\"");
            }, CancellationToken.None));
        Assert.Equal(1, tries);
        Assert.Contains("28P01", error.Message);
    }

    [Fact]
    public async Task A_stop_during_a_pause_ends_the_wait_at_once()
    {
        var clock = new FakeTimeProvider();
        var probe = new Probe(clock);
        var waits = new List<DatabaseWait.Waiting>();
        using var stop = new CancellationTokenSource();
        var waiting = new DatabaseWait(TimeSpan.FromSeconds(60), Setting, clock, waits.Add).UntilItAnswersAsync(probe.CheckAsync, stop.Token);
        await Until(() => waits.Count == 1);

        stop.Cancel(); // the clock does not move: the pause is not waited out
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, probe.Tries);
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(90, "90 s")]
    [InlineData(180, "3 min")]
    [InlineData(0.4, "0 s")]
    public void Durations_read_as_a_person_says_them(double seconds, string text) =>
        Assert.Equal(text, DatabaseWait.Duration(TimeSpan.FromSeconds(seconds)));

    private static async Task Until(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
