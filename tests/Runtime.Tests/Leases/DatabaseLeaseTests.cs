using Akka.Actor;
using Akka.Configuration;
using Akka.Coordination;
using Tuner.Runtime.Configuration;
using Tuner.Runtime.Leases;
using Tuner.Tests.Shared;

namespace Tuner.Runtime.Tests.Leases;

/// <summary>The Akka.Coordination lease on a real SQLite file: the holder keeps it past its time to live by renewing,
/// learns when it is gone, and a lease guarding an actor is released only once that actor has stopped.</summary>
public sealed class DatabaseLeaseTests : Akka.TestKit.Xunit2.TestKit
{
    // Short timings so the test runs in seconds (a row lives 3 s, renewed every 0.5 s, trusted for 2 s), with room for a
    // busy machine: a renewal may take a second without the holder losing the lease.
    private static readonly TimeoutSettings Timeouts = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));

    private readonly DatabaseTarget _db = TestDatabases.Create(TestDatabases.Sqlite);

    protected override void AfterAll()
    {
        base.AfterAll();
        TestDatabases.Delete(_db);
    }

    private DatabaseLease Lease(string owner, string config = "") =>
        new(new LeaseSettings("tuner-singleton-job-manager", owner, Timeouts, ConfigurationFactory.ParseString(config)), Sys, new SqlLeaseStore(_db), TimeProvider.System);

    [Fact]
    public async Task The_holder_keeps_the_lease_past_its_time_to_live_and_the_next_owner_gets_it_on_release()
    {
        var a = Lease("a:1");
        var b = Lease("b:2");
        Assert.True(await a.Acquire());
        Assert.True(a.CheckLease());
        Assert.False(await b.Acquire());
        await Task.Delay(Timeouts.HeartbeatTimeout * 2); // renewed meanwhile
        Assert.True(a.CheckLease());
        Assert.False(await b.Acquire());

        Assert.True(await a.Release());
        Assert.False(a.CheckLease());
        Assert.True(await b.Acquire());
        Assert.True(await b.Release());
    }

    [Fact]
    public async Task A_holder_whose_row_another_owner_took_reports_the_lease_lost()
    {
        var a = Lease("a:1");
        var lost = new TaskCompletionSource<Exception>();
        Assert.True(await a.Acquire(e => lost.TrySetResult(e)));
        // As if the row had expired and been taken while the holder could not reach the database.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(_db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var steal = connection.CreateCommand();
            steal.CommandText = "UPDATE tuner_leases SET owner = 'b:2'";
            Assert.Equal(1, await steal.ExecuteNonQueryAsync());
        }
        var reason = await lost.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.IsType<LeaseException>(reason);
        Assert.False(a.CheckLease());
    }

    [Fact]
    public async Task A_database_that_does_not_answer_leaves_the_lease_not_taken_with_one_warning_not_an_error_per_try()
    {
        // A real SQLite file in a folder that does not exist: every request fails as an unreachable server's does.
        var unreachable = DatabaseTarget.Parse(Path.Combine(Path.GetTempPath(), $"tuner-no-such-folder-{Guid.NewGuid():N}", "lease.db"));
        var lease = new DatabaseLease(new LeaseSettings("tuner-singleton-job-manager", "a:1", Timeouts, ConfigurationFactory.Empty), Sys,
            new SqlLeaseStore(unreachable), TimeProvider.System);
        await EventFilter.Warning(contains: "the database does not answer").ExpectOneAsync(async () =>
        {
            for (var attempt = 0; attempt < 3; attempt++) Assert.False(await lease.Acquire()); // Akka retries every second
        });
        Assert.False(lease.CheckLease());
    }

    [Fact]
    public async Task A_lease_guarding_an_actor_is_kept_until_that_actor_has_stopped()
    {
        var guarded = Sys.ActorOf(Props.Create(() => new Guarded()), "job-manager");
        var a = Lease("a:1", $"release-after-stopped = \"{guarded.Path.ToStringWithoutAddress()}\"");
        var b = Lease("b:2");
        Assert.True(await a.Acquire());

        var release = a.Release();
        await Task.Delay(Timeouts.HeartbeatTimeout * 2); // longer than the row lives unrenewed
        Assert.False(release.IsCompleted);
        Assert.False(await b.Acquire());

        Sys.Stop(guarded);
        Assert.True(await release.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(await b.Acquire());
        Assert.True(await b.Release());
    }

    private sealed class Guarded : ReceiveActor;
}
