using System.Data.Common;
using Npgsql;

namespace Tuner.Runtime.Configuration;

/// <summary>Connections to the journal's database for a store of Tuner's own tables (blobs, leases), the first of them
/// creating the store's tables. Several coordinators may create them at once: in PostgreSQL the loser's
/// <c>IF NOT EXISTS</c> can still collide in the catalog, which means the table is there.</summary>
internal sealed class TunerTables(DatabaseTarget db, Func<DatabaseKind, IReadOnlyList<string>> createStatements)
{
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _created;

    public DatabaseKind Kind => db.Kind;

    /// <summary>An open connection, the tables created.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = db.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellation);
            if (!_created) await CreateAsync(connection, cancellation);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task CreateAsync(DbConnection connection, CancellationToken cancellation)
    {
        await _init.WaitAsync(cancellation);
        try
        {
            if (_created) return;
            foreach (var sql in createStatements(db.Kind))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                try { await command.ExecuteNonQueryAsync(cancellation); }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable) { }
            }
            _created = true;
        }
        finally
        {
            _init.Release();
        }
    }

    /// <summary>Adds parameter <paramref name="name"/> = <paramref name="value"/> to <paramref name="command"/>.</summary>
    public static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
