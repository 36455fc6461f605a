namespace Tuner.Runtime.Tests.Support;

/// <summary>A test against the PostgreSQL server that <c>./build.sh test</c> starts (connection string in
/// TUNER_TEST_POSTGRES). Without that variable the test is reported as skipped — never as passed — and
/// under TUNER_REQUIRE_POSTGRES=1 (CI) it runs and fails instead.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabases.PostgresConnectionString is null && Environment.GetEnvironmentVariable("TUNER_REQUIRE_POSTGRES") != "1")
            Skip = "TUNER_TEST_POSTGRES is not set: run ./build.sh test, which starts PostgreSQL";
    }
}

/// <summary>Theory version of <see cref="PostgresFactAttribute"/> for tests that run on both databases.</summary>
public static class TestDatabases
{
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("TUNER_TEST_POSTGRES");

    /// <summary>A fresh, empty PostgreSQL database for one test (dropped by the server's cleanup at the end of the run).</summary>
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
}
