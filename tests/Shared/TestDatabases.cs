using Tuner.Runtime.Configuration;

namespace Tuner.Tests.Shared;

/// <summary>The databases the actor specs run against: a temporary SQLite file always, and a fresh database on the
/// PostgreSQL server that <c>./build.sh test</c> starts (connection string in TUNER_TEST_POSTGRES). Without that
/// variable the PostgreSQL rows are left out and <see cref="PostgresFactAttribute"/> reports a skip; under
/// TUNER_REQUIRE_POSTGRES=1 (CI) they run and fail instead.</summary>
public static class TestDatabases
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable("TUNER_TEST_POSTGRES") is { Length: > 0 } connection ? connection : null;

    public static bool PostgresRequired => Environment.GetEnvironmentVariable("TUNER_REQUIRE_POSTGRES") == "1";

    /// <summary>Theory rows: every spec runs on each database available.</summary>
    public static TheoryData<string> Both
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (PostgresConnectionString is not null || PostgresRequired) data.Add(Postgres);
            return data;
        }
    }

    /// <summary>A fresh, empty database of <paramref name="kind"/> for one test.</summary>
    public static DatabaseTarget Create(string kind) => kind switch
    {
        Sqlite => DatabaseTarget.Parse(TempSqliteFile()),
        Postgres => DatabaseTarget.Parse(CreatePostgresDatabase()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "sqlite or postgres"),
    };

    /// <summary>A fresh PostgreSQL database (dropped with the throwaway server at the end of the run).</summary>
    public static string CreatePostgresDatabase()
    {
        var admin = PostgresConnectionString ?? throw new InvalidOperationException("TUNER_TEST_POSTGRES is not set: run ./build.sh test");
        var name = $"t_{Guid.NewGuid():N}";
        using (var connection = new Npgsql.NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            command.ExecuteNonQuery();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static string TempSqliteFile() => Path.Combine(Path.GetTempPath(), $"tuner-test-{Guid.NewGuid():N}.db");

    /// <summary>Deletes a SQLite test file (after its connections are closed).</summary>
    public static void Delete(DatabaseTarget db)
    {
        if (db.SqliteFile is not { } file) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            try { File.Delete(path); } catch (IOException) { /* still open by a closing system: the OS temp cleaner takes it */ }
        }
    }
}

/// <summary>A test that needs the PostgreSQL server: skipped (never passed) without it, failing under TUNER_REQUIRE_POSTGRES=1.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabases.PostgresConnectionString is null && !TestDatabases.PostgresRequired)
            Skip = "TUNER_TEST_POSTGRES is not set: run ./build.sh test, which starts PostgreSQL";
    }
}

/// <summary>A theory that needs the PostgreSQL server, skipped or failing as <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestDatabases.PostgresConnectionString is null && !TestDatabases.PostgresRequired)
            Skip = "TUNER_TEST_POSTGRES is not set: run ./build.sh test, which starts PostgreSQL";
    }
}
