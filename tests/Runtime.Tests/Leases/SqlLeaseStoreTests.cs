using Tuner.Runtime.Configuration;
using Tuner.Runtime.Leases;
using Tuner.Tests.Shared;

namespace Tuner.Runtime.Tests.Leases;

/// <summary>The lease row on both databases: one owner at a time, renewals by the owner, expiry by the database's clock,
/// release only by the owner, and exactly one winner when many race.</summary>
public sealed class SqlLeaseStoreTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task One_owner_at_a_time_and_only_the_owner_renews_or_releases(string kind)
    {
        var db = TestDatabases.Create(kind);
        try
        {
            var store = new SqlLeaseStore(db);
            Assert.True(await store.TryTakeAsync("sbr", "a:1", Long, default));
            Assert.False(await store.TryTakeAsync("sbr", "b:2", Long, default));
            Assert.True(await store.TryTakeAsync("sbr", "a:1", Long, default)); // renewal
            Assert.True(await store.TryTakeAsync("other", "b:2", Long, default)); // another lease is independent
            await store.ReleaseAsync("sbr", "b:2", default); // not b's: no effect
            Assert.Equal("a:1", (await store.ReadAsync("sbr"))!.Value.Owner);
            await store.ReleaseAsync("sbr", "a:1", default);
            Assert.Null(await store.ReadAsync("sbr"));
            Assert.True(await store.TryTakeAsync("sbr", "b:2", Long, default));
        }
        finally { TestDatabases.Delete(db); }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task An_expired_lease_goes_to_the_next_taker_and_its_old_owner_cannot_renew_it(string kind)
    {
        var db = TestDatabases.Create(kind);
        try
        {
            var store = new SqlLeaseStore(db);
            Assert.True(await store.TryTakeAsync("jm", "a:1", TimeSpan.FromMilliseconds(400), default));
            Assert.False(await store.TryTakeAsync("jm", "b:2", Long, default));
            await Task.Delay(700);
            Assert.True(await store.TryTakeAsync("jm", "b:2", Long, default));
            Assert.False(await store.TryTakeAsync("jm", "a:1", Long, default));
            var (owner, expiresIn) = (await store.ReadAsync("jm"))!.Value;
            Assert.Equal("b:2", owner);
            Assert.InRange(expiresIn, 25_000, 30_000);
        }
        finally { TestDatabases.Delete(db); }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task Of_many_takers_racing_for_a_free_lease_exactly_one_wins(string kind)
    {
        var db = TestDatabases.Create(kind);
        try
        {
            var stores = Enumerable.Range(0, 8).Select(_ => new SqlLeaseStore(db)).ToList();
            await stores[0].TryTakeAsync("warm-up", "x", Long, default); // the table exists before the race
            var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.TryTakeAsync("race", $"n:{i}", Long, default))));
            Assert.Single(results, r => r);
        }
        finally { TestDatabases.Delete(db); }
    }
}
