using Microsoft.Data.Sqlite;
using Tuner.Runtime.Configuration;

namespace Tuner.Runtime.Tests.Configuration;

/// <summary>SQLite's "database or disk is full" is recognized however Akka.Persistence and linq2db wrapped it, and
/// nothing else is.</summary>
public sealed class SqliteDiskFullTests
{
    private static SqliteException Full() => new("SQLite Error 13: 'database or disk is full'.", SqliteDiskFull.Code);

    [Fact]
    public void A_full_disk_is_recognized_directly_wrapped_or_aggregated()
    {
        Assert.True(SqliteDiskFull.In(Full()));
        Assert.True(SqliteDiskFull.In(new InvalidOperationException("journal write failed", new IOException("commit", Full()))));
        Assert.True(SqliteDiskFull.In(new AggregateException(new TimeoutException(), Full())));
    }

    [Fact]
    public void Other_failures_are_not_a_full_disk()
    {
        Assert.False(SqliteDiskFull.In(new SqliteException("SQLite Error 5: 'database is locked'.", 5)));
        Assert.False(SqliteDiskFull.In(new IOException("No space left on device")));
        Assert.False(SqliteDiskFull.In(new InvalidOperationException("wrapped", new TimeoutException())));
    }
}
