using Microsoft.Data.Sqlite;
using Npgsql;
using Tuner.Contracts;

namespace Tuner.Runtime.Configuration;

/// <summary>Where the journal, snapshots and (in cluster mode) blobs live: a SQLite file (the
/// default) or a PostgreSQL server, given as <c>--db</c> / <c>TUNER_DB</c>.</summary>
public sealed record DatabaseTarget(DatabaseKind Kind, string ConnectionString, string Description)
{
    /// <summary>linq2db provider name for Akka.Persistence.Sql.</summary>
    public string ProviderName => Kind == DatabaseKind.PostgreSql ? "PostgreSQL.15" : "SQLite.MS";

    /// <summary>A PostgreSQL connection string (<c>Host=…</c> or a <c>postgres://</c> URL), else a SQLite file path.</summary>
    public static DatabaseTarget Parse(string value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new InvalidInputException("--db: give a SQLite file path or a PostgreSQL connection string");
        var text = value.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return Postgres(FromUrl(text));
        if (text.Contains("Host=", StringComparison.OrdinalIgnoreCase) || text.Contains("Server=", StringComparison.OrdinalIgnoreCase))
            return Postgres(text);
        // "Database=tuner;Port=5433" is a connection string missing its host, not the name of a SQLite file.
        if (LooksLikeConnectionString(text))
            throw new InvalidInputException("--db: a PostgreSQL connection string needs Host= (e.g. Host=db;Database=tuner;Username=tuner); a SQLite file path has no key=value;");
        var path = Path.GetFullPath(text);
        if (Directory.Exists(path)) throw new InvalidInputException($"--db: {path} is a directory; give a file path such as ./tuner.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        return new DatabaseTarget(DatabaseKind.Sqlite, connection, $"SQLite {path}");
    }

    private static bool LooksLikeConnectionString(string text) =>
        text.Contains(';') && text.Split(';', StringSplitOptions.RemoveEmptyEntries).All(part => part.Contains('='));

    private static DatabaseTarget Postgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e) { throw new InvalidInputException($"--db: not a valid PostgreSQL connection string: {e.Message}"); }
        if (string.IsNullOrEmpty(builder.Host)) throw new InvalidInputException("--db: the PostgreSQL connection string needs Host=");
        return new DatabaseTarget(DatabaseKind.PostgreSql, builder.ConnectionString, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>libpq's URL parameter names that Npgsql spells otherwise (the others, e.g. Timeout, it takes as they are).</summary>
    private static readonly Dictionary<string, string> UrlKeys = new(StringComparer.Ordinal)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
    };

    private static string FromUrl(string url)
    {
        // Not echoed: the URL may carry a password.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new InvalidInputException("--db: not a valid PostgreSQL URL; write postgres://USER:PASSWORD@HOST:PORT/DATABASE (a host, and a port from 1 to 65535 or none for 5432)");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432, Database = uri.AbsolutePath.Trim('/') };
        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0) builder.Username = Uri.UnescapeDataString(user[0]);
        if (user.Length > 1) builder.Password = Uri.UnescapeDataString(user[1]);
        // The query's settings (?sslmode=require): dropped, they let a URL that asked for TLS connect in plain text.
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]);
            var value = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
            try
            {
                builder[UrlKeys.GetValueOrDefault(key.ToLowerInvariant(), key)] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new InvalidInputException($"--db: the URL's setting {key}={value} is not one PostgreSQL takes ({e.Message})");
            }
        }
        return builder.ConnectionString;
    }

    /// <summary>A new, closed connection to the database.</summary>
    public System.Data.Common.DbConnection CreateConnection() =>
        Kind == DatabaseKind.PostgreSql ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    /// <summary>The file of a SQLite target (null for PostgreSQL).</summary>
    public string? SqliteFile => Kind == DatabaseKind.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;
}

/// <summary>The database engines Tuner journals to.</summary>
public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}
