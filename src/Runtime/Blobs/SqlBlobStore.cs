using System.Data.Common;
using Tuner.Runtime.Configuration;
using static Tuner.Runtime.Configuration.TunerTables;

namespace Tuner.Runtime.Blobs;

/// <summary>Blobs in a table <c>tuner_blobs</c> of the journal's database (cluster mode: any
/// coordinator, after a fail-over too, reads what any worker stored). Large blobs (datasets) are rows of
/// <see cref="PartSize"/> bytes in <c>tuner_blob_parts</c> with their length in <c>tuner_large_blobs</c>: written and read
/// a part at a time, never whole (a PostgreSQL <c>bytea</c> holds at most 1 GB anyway).</summary>
public sealed class SqlBlobStore : ILargeBlobStore
{
    /// <summary>Bytes per row of a large blob: one chunk of the blob protocol, so serving a chunk reads one row.</summary>
    public const int PartSize = Tuner.Contracts.Protocol.BlobProtocol.ChunkSize;

    private readonly TunerTables _tables;

    public SqlBlobStore(DatabaseTarget db) => _tables = new TunerTables(db, CreateStatements);

    public async Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        BlobIds.Check(id);
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = _tables.Kind == DatabaseKind.PostgreSql
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
        if (await command.ExecuteScalarAsync(cancellation) is byte[] small) return small;
        // A large blob, whole (only for callers that want it whole; the coordinator serves slices).
        await using var length = connection.CreateCommand();
        length.CommandText = "SELECT length FROM tuner_large_blobs WHERE id = @id";
        Add(length, "@id", id);
        if (await length.ExecuteScalarAsync(cancellation) is not { } total || total is DBNull) return null;
        var data = new byte[Convert.ToInt64(total, System.Globalization.CultureInfo.InvariantCulture)];
        await using var parts = connection.CreateCommand();
        parts.CommandText = "SELECT data FROM tuner_blob_parts WHERE id = @id ORDER BY part";
        Add(parts, "@id", id);
        await using var reader = await parts.ExecuteReaderAsync(cancellation);
        long at = 0;
        while (await reader.ReadAsync(cancellation))
        {
            var part = (byte[])reader.GetValue(0);
            part.CopyTo(data, at);
            at += part.Length;
        }
        return at == data.Length ? data : throw new IOException($"blob {id} has {at} of its {data.Length} bytes");
    }

    public async Task<BlobSlice?> ReadSliceAsync(string id, long offset, int count, CancellationToken cancellation = default)
    {
        BlobIds.Check(id);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        // One query for either kind: a small blob's substring, or the part of a large one that holds the offset.
        command.CommandText = _tables.Kind == DatabaseKind.PostgreSql
            ? """
              SELECT length(data)::bigint, substring(data from (@offset + 1)::int for @count) FROM tuner_blobs WHERE id = @id
              UNION ALL
              SELECT b.length, substring(p.data from (@offset % b.part_size + 1)::int for @count)
              FROM tuner_large_blobs b LEFT JOIN tuner_blob_parts p ON p.id = b.id AND p.part = @offset / b.part_size WHERE b.id = @id
              """
            : """
              SELECT length(data), substr(data, @offset + 1, @count) FROM tuner_blobs WHERE id = @id
              UNION ALL
              SELECT b.length, substr(p.data, @offset % b.part_size + 1, @count)
              FROM tuner_large_blobs b LEFT JOIN tuner_blob_parts p ON p.id = b.id AND p.part = @offset / b.part_size WHERE b.id = @id
              """;
        Add(command, "@id", id);
        Add(command, "@offset", offset);
        Add(command, "@count", count);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation)) return null;
        var length = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        var data = reader.IsDBNull(1) ? [] : (byte[])reader.GetValue(1);
        return new BlobSlice(length, data);
    }

    public async Task<ILargeBlobWriter> CreateAsync(CancellationToken cancellation = default) =>
        new SqlLargeBlobWriter(this, await OpenAsync(cancellation), $"upload/{Guid.NewGuid():N}");

    internal DatabaseKind Kind => _tables.Kind;

    private Task<DbConnection> OpenAsync(CancellationToken cancellation) => _tables.OpenAsync(cancellation);

    private static IReadOnlyList<string> CreateStatements(DatabaseKind kind) => kind == DatabaseKind.PostgreSql
        ?
        [
            "CREATE TABLE IF NOT EXISTS tuner_blobs (id text PRIMARY KEY, data bytea NOT NULL, created timestamptz NOT NULL)",
            "CREATE TABLE IF NOT EXISTS tuner_large_blobs (id text PRIMARY KEY, length bigint NOT NULL, part_size integer NOT NULL, created timestamptz NOT NULL)",
            "CREATE TABLE IF NOT EXISTS tuner_blob_parts (id text NOT NULL, part integer NOT NULL, data bytea NOT NULL, PRIMARY KEY (id, part))",
        ]
        :
        [
            "CREATE TABLE IF NOT EXISTS tuner_blobs (id TEXT PRIMARY KEY, data BLOB NOT NULL, created TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS tuner_large_blobs (id TEXT PRIMARY KEY, length INTEGER NOT NULL, part_size INTEGER NOT NULL, created TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS tuner_blob_parts (id TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (id, part))",
        ];
}
