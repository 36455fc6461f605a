using Tuner.Runtime.Configuration;

namespace Tuner.Runtime.Blobs;

/// <summary>Where a node's checkpoints and datasets live for a given database: beside a SQLite file
/// in a folder <c>&lt;db&gt;.checkpoints/</c> (SQLite means one coordinator, and blob writes in the
/// same file would contend with the journal for its single writer lock), in the
/// <c>tuner_blobs</c> table of a PostgreSQL database (shared by every coordinator).</summary>
public static class BlobStores
{
    public static IBlobStore For(DatabaseTarget db) =>
        db.Kind == DatabaseKind.Sqlite ? new FolderBlobStore(db.SqliteFile + ".checkpoints") : new SqlBlobStore(db);
}
