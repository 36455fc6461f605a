using System.Net.Sockets;
using Npgsql;

namespace Tuner.Runtime.Configuration;

/// <summary>Which failures to open a PostgreSQL connection mean "not reachable (yet)", which waiting can fix, and how to
/// say them in one line. Not reachable: a refused or reset connection, a host name that does not resolve (yet: a fresh
/// Kubernetes Service, a DNS record on its way), a connection that timed out, and whatever Npgsql itself calls transient
/// (e.g. 57P03 "the database system is starting up", 53300 too many connections). Reachable but refusing: a wrong
/// password (28P01), no pg_hba.conf entry (28000), a database that does not exist (3D000), a TLS certificate that does
/// not verify or a certificate file that is not there — waiting cannot fix those. A SQLite file is never "unreachable": its problems are the path's.</summary>
public static class DatabaseReachability
{
    /// <param name="timedOut">The probe's own timeout ended the attempt (the caller did not cancel).</param>
    public static bool IsUnreachable(DatabaseKind kind, Exception error, bool timedOut = false)
    {
        if (kind != DatabaseKind.PostgreSql) return false;
        if (timedOut) return true;
        var chain = Chain(error).ToList();
        // A certificate or key file named in the connection string (Npgsql calls any I/O error transient): the input's.
        if (chain.Any(e => e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)) return false;
        foreach (var e in chain)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // The server answered: it decides (a refusal of the login or of the database is not transient).
                    return postgres.IsTransient;
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                case IOException:
                    return true;
            }
        }
        return false;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException) yield return e;
    }

    /// <summary>The error and its causes in one line, each said once: "Failed to connect to 127.0.0.1:5432: Connection
    /// refused" (Npgsql's message names the endpoint; its inner socket error says what happened there).</summary>
    public static string Describe(Exception error)
    {
        var text = OneLine(error.Message);
        for (var e = error.InnerException; e is not null; e = e.InnerException)
        {
            var message = OneLine(e.Message);
            if (message.Length > 0 && !text.Contains(message, StringComparison.Ordinal)) text += ": " + message;
        }
        return text;
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
}
