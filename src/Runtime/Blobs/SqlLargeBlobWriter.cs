using System.Data.Common;
using Tuner.Runtime.Configuration;

namespace Tuner.Runtime.Blobs;

/// <summary>A large blob being written into <see cref="SqlBlobStore"/>: parts of <see cref="SqlBlobStore.PartSize"/> bytes
/// inserted under a staging id as they fill, renamed to the final id in one transaction on commit (an identical blob
/// already there is kept, the copy dropped), deleted when disposed uncommitted.</summary>
internal sealed class SqlLargeBlobWriter(SqlBlobStore store, DbConnection connection, string stagingId) : ILargeBlobWriter
{
    private readonly byte[] _part = new byte[SqlBlobStore.PartSize];
    private int _filled;
    private int _parts;
    private long _length;
    private bool _committed;

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        while (!data.IsEmpty)
        {
            int take = Math.Min(data.Length, _part.Length - _filled);
            data.Span[..take].CopyTo(_part.AsSpan(_filled));
            _filled += take;
            data = data[take..];
            if (_filled == _part.Length) await FlushPartAsync(cancellation);
        }
    }

    public async Task CommitAsync(string id, CancellationToken cancellation = default)
    {
        BlobIds.Check(id);
        if (_filled > 0 || _parts == 0) await FlushPartAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        if (await ScalarAsync("SELECT length FROM tuner_large_blobs WHERE id = @id", id, transaction, cancellation) is long existing && existing == _length)
        {
            // Same id, same length: for a content-addressed id, the same bytes. Keep it; drop this copy.
            await ExecuteAsync("DELETE FROM tuner_blob_parts WHERE id = @id", stagingId, transaction, cancellation);
        }
        else
        {
            foreach (var sql in new[] { "DELETE FROM tuner_blob_parts WHERE id = @id", "DELETE FROM tuner_large_blobs WHERE id = @id", "DELETE FROM tuner_blobs WHERE id = @id" })
                await ExecuteAsync(sql, id, transaction, cancellation);
            await using var rename = Command("UPDATE tuner_blob_parts SET id = @id WHERE id = @staging", transaction);
            TunerTables.Add(rename, "@id", id);
            TunerTables.Add(rename, "@staging", stagingId);
            await rename.ExecuteNonQueryAsync(cancellation);
            await using var header = Command(store.Kind == DatabaseKind.PostgreSql
                ? "INSERT INTO tuner_large_blobs (id, length, part_size, created) VALUES (@id, @length, @size, now())"
                : "INSERT INTO tuner_large_blobs (id, length, part_size, created) VALUES (@id, @length, @size, CURRENT_TIMESTAMP)", transaction);
            TunerTables.Add(header, "@id", id);
            TunerTables.Add(header, "@length", _length);
            TunerTables.Add(header, "@size", SqlBlobStore.PartSize);
            await header.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        _committed = true;
    }

    private async Task FlushPartAsync(CancellationToken cancellation)
    {
        await using var insert = Command("INSERT INTO tuner_blob_parts (id, part, data) VALUES (@id, @part, @data)", null);
        TunerTables.Add(insert, "@id", stagingId);
        TunerTables.Add(insert, "@part", _parts);
        TunerTables.Add(insert, "@data", _part.AsSpan(0, _filled).ToArray());
        await insert.ExecuteNonQueryAsync(cancellation);
        _length += _filled;
        _parts++;
        _filled = 0;
    }

    private DbCommand Command(string sql, DbTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private async Task ExecuteAsync(string sql, string id, DbTransaction transaction, CancellationToken cancellation)
    {
        await using var command = Command(sql, transaction);
        TunerTables.Add(command, "@id", id);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private async Task<object?> ScalarAsync(string sql, string id, DbTransaction transaction, CancellationToken cancellation)
    {
        await using var command = Command(sql, transaction);
        TunerTables.Add(command, "@id", id);
        return await command.ExecuteScalarAsync(cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_committed && _parts > 0)
            {
                await using var delete = Command("DELETE FROM tuner_blob_parts WHERE id = @id", null);
                TunerTables.Add(delete, "@id", stagingId);
                await delete.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
