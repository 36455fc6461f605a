using Tuner.Contracts;
using Tuner.Runtime.Configuration;

namespace Tuner.Runtime.Tests.Persistence;

public sealed class DatabaseTargetTests
{
    [Fact]
    public void A_path_is_a_sqlite_file()
    {
        var target = DatabaseTarget.Parse("./tuner.db");
        Assert.Equal(DatabaseKind.Sqlite, target.Kind);
        Assert.Equal("SQLite.MS", target.ProviderName);
        Assert.Equal(Path.GetFullPath("./tuner.db"), target.SqliteFile);
    }

    [Theory]
    [InlineData("Host=db.example;Port=5433;Database=tuner;Username=u;Password=p", "db.example", 5433)]
    [InlineData("postgresql://u:p%40ss@db.example:5433/tuner", "db.example", 5433)]
    [InlineData("postgres://u@db/tuner", "db", 5432)]
    public void Connection_strings_and_urls_are_postgres(string value, string host, int port)
    {
        var target = DatabaseTarget.Parse(value);
        Assert.Equal(DatabaseKind.PostgreSql, target.Kind);
        Assert.Equal("PostgreSQL.15", target.ProviderName);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal((host, port), (builder.Host, builder.Port));
    }

    [Fact]
    public void A_urls_settings_are_kept()
    {
        // ?sslmode=require was dropped: the coordinator connected in plain text to a server without TLS.
        var target = DatabaseTarget.Parse("postgres://u:p@db.example:5433/tuner?sslmode=require&application_name=tuner-coordinator");
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal("tuner-coordinator", builder.ApplicationName);
        Assert.Contains("--db: the URL's setting sslmode=often", Assert.Throws<InvalidInputException>(() => DatabaseTarget.Parse("postgres://u@db/tuner?sslmode=often")).Message);
    }

    [Theory]
    [InlineData("", "--db")]
    // It became a SQLite file named "Database=tuner;Port=5433".
    [InlineData("Database=tuner;Port=5433", "--db: a PostgreSQL connection string needs Host=")]
    [InlineData("Host=;Database=x", "Host=")]
    [InlineData("Host=x;Bogus Key=1", "not a valid PostgreSQL connection string")]
    // A malformed URL was .NET's "Invalid URI: Invalid port specified." and exit 1; its password is not echoed.
    [InlineData("postgres://u:secret@host:99999/db", "--db: not a valid PostgreSQL URL; write postgres://USER:PASSWORD@HOST:PORT/DATABASE")]
    [InlineData("postgres://:5432/db", "--db: not a valid PostgreSQL URL")]
    public void Bad_values_are_input_errors_naming_db(string value, string expected)
    {
        var message = Assert.Throws<InvalidInputException>(() => DatabaseTarget.Parse(value)).Message;
        Assert.Contains(expected, message);
        Assert.DoesNotContain("secret", message);
    }
}
