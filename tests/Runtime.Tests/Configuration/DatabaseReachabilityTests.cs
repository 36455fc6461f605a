using System.Net.Sockets;
using Npgsql;
using Tuner.Runtime.Configuration;

namespace Tuner.Runtime.Tests.Configuration;

/// <summary>Which failures to open a PostgreSQL connection a coordinator waits out at start, and which it reports at once.</summary>
public sealed class DatabaseReachabilityTests
{
    public static TheoryData<string, Exception> Unreachable => new()
    {
        { "refused", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "name not resolved", new SocketException((int)SocketError.HostNotFound) },
        { "name not resolved, wrapped", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.TryAgain)) },
        { "connect timeout", new NpgsqlException("Exception while connecting", new TimeoutException("The operation has timed out")) },
        { "reset while starting", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "starting up", new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow) },
        { "too many connections", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections) },
    };

    public static TheoryData<string, Exception> Refusing => new()
    {
        { "wrong password", new PostgresException("password authentication failed for user \"tuner\"", "FATAL", "FATAL", PostgresErrorCodes.InvalidPassword) },
        { "no pg_hba entry", new PostgresException("no pg_hba.conf entry for host", "FATAL", "FATAL", PostgresErrorCodes.InvalidAuthorizationSpecification) },
        { "no such database", new PostgresException("database \"tunr\" does not exist", "FATAL", "FATAL", PostgresErrorCodes.InvalidCatalogName) },
        { "no password given", new NpgsqlException("No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)") },
        { "certificate", new NpgsqlException("Exception while connecting", new System.Security.Authentication.AuthenticationException("The remote certificate is invalid")) },
        { "certificate file missing", new NpgsqlException("Exception while connecting", new FileNotFoundException("Could not find file '/etc/tuner/client.pem'")) },
        { "a bug", new InvalidOperationException("Connection is not open") },
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public void A_server_that_cannot_be_reached_yet_is_waited_for(string what, Exception error) =>
        Assert.True(DatabaseReachability.IsUnreachable(DatabaseKind.PostgreSql, error), what);

    [Theory]
    [MemberData(nameof(Refusing))]
    public void A_server_that_answers_no_is_not(string what, Exception error) =>
        Assert.False(DatabaseReachability.IsUnreachable(DatabaseKind.PostgreSql, error), what);

    [Fact]
    public void A_probe_that_timed_out_is_unreachable_and_sqlite_never_is()
    {
        Assert.True(DatabaseReachability.IsUnreachable(DatabaseKind.PostgreSql, new OperationCanceledException(), timedOut: true));
        Assert.False(DatabaseReachability.IsUnreachable(DatabaseKind.PostgreSql, new OperationCanceledException()));
        Assert.False(DatabaseReachability.IsUnreachable(DatabaseKind.Sqlite, new IOException("disk I/O error"), timedOut: true));
    }

    [Fact]
    public void The_error_reads_in_one_line_with_its_cause_said_once()
    {
        Assert.Equal("Failed to connect to 127.0.0.1:5432: Connection refused",
            DatabaseReachability.Describe(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal("Exception while connecting: The operation has timed out",
            DatabaseReachability.Describe(new NpgsqlException("Exception while connecting", new TimeoutException("The operation has timed out.\n"))));
        Assert.Equal("57P03: the database system is starting up",
            DatabaseReachability.Describe(new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow)));
    }
}
