using System.Data.Common;
using Tuner.Runtime.Configuration;
using static Tuner.Runtime.Configuration.TunerTables;

namespace Tuner.Runtime.Leases;

/// <summary>Leases in a table <c>tuner_leases</c> of the journal's database: the database every coordinator
/// must reach to do anything at all is the arbiter of which of them may act. One statement takes a lease (an
/// upsert that only overwrites a row that is the owner's own or expired), so two takers never both win.
/// Expiry is the database's clock, in milliseconds since 1970.</summary>
public sealed class SqlLeaseStore : ILeaseStore
{
    private readonly TunerTables _tables;

    public SqlLeaseStore(DatabaseTarget db) => _tables = new TunerTables(db, CreateStatements);

    private string Now => _tables.Kind == DatabaseKind.PostgreSql
        ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS bigint)"
        : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    public async Task<bool> TryTakeAsync(string name, string owner, TimeSpan timeToLive, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO tuner_leases (name, owner, expires) VALUES (@name, @owner, {Now} + @ttl)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
            WHERE tuner_leases.owner = excluded.owner OR tuner_leases.expires < {Now}
            """;
        Add(command, "@name", name);
        Add(command, "@owner", owner);
        Add(command, "@ttl", (long)timeToLive.TotalMilliseconds);
        return await command.ExecuteNonQueryAsync(cancellation) == 1;
    }

    public async Task ReleaseAsync(string name, string owner, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM tuner_leases WHERE name = @name AND owner = @owner";
        Add(command, "@name", name);
        Add(command, "@owner", owner);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The lease's row as the database has it (owner, milliseconds until it expires), or null: for tests and diagnostics.</summary>
    public async Task<(string Owner, long ExpiresInMs)?> ReadAsync(string name, CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT owner, expires - {Now} FROM tuner_leases WHERE name = @name";
        Add(command, "@name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellation) => _tables.OpenAsync(cancellation);

    private static IReadOnlyList<string> CreateStatements(DatabaseKind kind) =>
    [
        kind == DatabaseKind.PostgreSql
            ? "CREATE TABLE IF NOT EXISTS tuner_leases (name text PRIMARY KEY, owner text NOT NULL, expires bigint NOT NULL)"
            : "CREATE TABLE IF NOT EXISTS tuner_leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires INTEGER NOT NULL)",
    ];
}
