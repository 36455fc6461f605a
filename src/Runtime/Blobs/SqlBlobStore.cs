using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tuner.Runtime.Configuration;

namespace Tuner.Runtime.Blobs;

/// <summary>Blobs in a table <c>tuner_blobs</c> of the journal's database (cluster mode: any
/// coordinator, after a fail-over too, reads what any worker stored).</summary>
public sealed class SqlBlobStore : IBlobStore
{
    private readonly DatabaseTarget _db;
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _initialized;

    public SqlBlobStore(DatabaseTarget db) => _db = db;

    public async Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        BlobIds.Check(id);
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = _db.Kind == DatabaseKind.PostgreSql
            ? "INSERT INTO tuner_blobs (id, data, created) VALUES (@id, @data, now()) ON CONFLICT (id) DO UPDATE SET data = excluded.data, created = excluded.created"
            : "INSERT INTO tuner_blobs (id, data, created) VALUES (@id, @data, CURRENT_TIMESTAMP) ON CONFLICT (id) DO UPDATE SET data = excluded.data, created = excluded.created";
        Add(command, "@id", id);
        Add(command, "@data", data.ToArray());
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public async Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default)
    {
        BlobIds.Check(id);
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM tuner_blobs WHERE id = @id";
        Add(command, "@id", id);
        return await command.ExecuteScalarAsync(cancellation) as byte[];
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellation)
    {
        DbConnection connection = _db.Kind == DatabaseKind.PostgreSql ? new NpgsqlConnection(_db.ConnectionString) : new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync(cancellation);
        if (!_initialized) await InitializeAsync(connection, cancellation);
        return connection;
    }

    private async Task InitializeAsync(DbConnection connection, CancellationToken cancellation)
    {
        await _init.WaitAsync(cancellation);
        try
        {
            if (_initialized) return;
            await using var command = connection.CreateCommand();
            command.CommandText = _db.Kind == DatabaseKind.PostgreSql
                ? "CREATE TABLE IF NOT EXISTS tuner_blobs (id text PRIMARY KEY, data bytea NOT NULL, created timestamptz NOT NULL)"
                : "CREATE TABLE IF NOT EXISTS tuner_blobs (id TEXT PRIMARY KEY, data BLOB NOT NULL, created TEXT NOT NULL)";
            await command.ExecuteNonQueryAsync(cancellation);
            _initialized = true;
        }
        finally
        {
            _init.Release();
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
