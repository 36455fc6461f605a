using System.Net;
using System.Net.Sockets;
using Tuner.Contracts;
using Tuner.Runtime.Configuration;
using Tuner.Tests.Shared;

namespace Tuner.Runtime.Tests.Configuration;

/// <summary>The start-up probe, on real connections: a port where nothing listens is "cannot reach" (waited for by a
/// coordinator, exit 1), a database the server says does not exist is an input error (exit 2 at once).</summary>
public sealed class DatabaseProbeTests
{
    [Fact]
    public async Task A_port_where_nothing_listens_cannot_be_reached()
    {
        var db = DatabaseTarget.Parse($"Host=127.0.0.1;Port={ClosedPort()};Username=tuner;Password=s3cret;Database=tuner");

        var error = await Assert.ThrowsAsync<DatabaseUnreachableException>(() => DatabaseProbe.CheckAsync(db, CancellationToken.None));

        Assert.StartsWith($"--db / TUNER_DB: cannot reach {db.Description}: Failed to connect to 127.0.0.1:", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_cannot_be_reached()
    {
        var db = DatabaseTarget.Parse("Host=tuner-postgres.invalid;Database=tuner");
        await Assert.ThrowsAsync<DatabaseUnreachableException>(() => DatabaseProbe.CheckAsync(db, CancellationToken.None));
    }

    [PostgresFact]
    public async Task A_database_the_server_does_not_have_is_an_input_error()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabases.PostgresConnectionString) { Database = $"missing_{Guid.NewGuid():N}" };
        var db = DatabaseTarget.Parse(connection.ConnectionString);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => DatabaseProbe.CheckAsync(db, CancellationToken.None));

        Assert.Contains("3D000", error.Message);
    }

    /// <summary>A loopback port nobody listens on (taken from the system, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
