using Microsoft.Data.Sqlite;

namespace Tuner.Runtime.Configuration;

/// <summary>Tells a SQLite journal's write that failed for want of disk space (SQLITE_FULL: "database or disk is full")
/// from its other failures, wherever Akka.Persistence and linq2db wrapped it.</summary>
public static class SqliteDiskFull
{
    /// <summary>SQLite's primary result code for a full disk (or a database at its size limit).</summary>
    public const int Code = 13;

    /// <summary>Whether <paramref name="failure"/> or an exception inside it is SQLITE_FULL.</summary>
    public static bool In(Exception? failure) => failure switch
    {
        null => false,
        SqliteException { SqliteErrorCode: Code } => true,
        AggregateException all => all.InnerExceptions.Any(In),
        _ => In(failure.InnerException),
    };
}
