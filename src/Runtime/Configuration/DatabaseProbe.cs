using System.Data.Common;
using Tuner.Contracts;

namespace Tuner.Runtime.Configuration;

/// <summary>Checks at start-up that the database answers, because a wrong connection string would
/// otherwise make the journal retry for ever (akka.net #7582). For SQLite it also creates the
/// folder and switches the file to write-ahead logging, so the journal and the blob table do not
/// block each other. One attempt: a PostgreSQL server that cannot be reached (yet) is a
/// <see cref="DatabaseUnreachableException"/>, which <see cref="DatabaseWait"/> waits out; any other failure (a
/// refused login, a missing database, a bad SQLite path) is an <see cref="InvalidInputException"/>.</summary>
public static class DatabaseProbe
{
    /// <summary>How long one attempt may take (Npgsql's default connect timeout too).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    /// <param name="setting">Where the database was named, for the message: <c>tuner run</c> reads only <c>--db</c>.</param>
    public static async Task CheckAsync(DatabaseTarget db, CancellationToken cancellation, string setting = "--db / TUNER_DB")
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            if (db.Kind == DatabaseKind.Sqlite)
            {
                var folder = Path.GetDirectoryName(db.SqliteFile!)!;
                // CreateDirectory's own words for a file on the way: "The file '/etc/passwd' already exists."
                if (FileOnTheWay(folder) is { } file)
                    throw new InvalidInputException($"{setting}: cannot use {db.Description}: {file} is a file, not a folder; give a path in a folder");
                Directory.CreateDirectory(folder);
            }
            await using var connection = db.CreateConnection();
            timeout.CancelAfter(AttemptTimeout);
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = db.Kind == DatabaseKind.Sqlite ? "PRAGMA journal_mode=WAL;" : "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested
                                  && DatabaseReachability.IsUnreachable(db.Kind, e, timedOut: timeout.IsCancellationRequested))
        {
            var reason = timeout.IsCancellationRequested
                ? $"no answer within {AttemptTimeout.TotalSeconds:F0} s"
                : DatabaseReachability.Describe(e);
            throw new DatabaseUnreachableException(setting, db.Description, reason, e);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or OperationCanceledException or InvalidOperationException && !cancellation.IsCancellationRequested)
        {
            throw new InvalidInputException($"{setting}: cannot use {db.Description}: {e.Message}");
        }
    }

    /// <summary>The first existing file among <paramref name="folder"/> and its parents, or null.</summary>
    private static string? FileOnTheWay(string folder)
    {
        for (var path = folder; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path)) return path;
            if (Directory.Exists(path)) return null;
        }
        return null;
    }
}
