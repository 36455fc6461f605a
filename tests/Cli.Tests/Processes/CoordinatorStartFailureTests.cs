using System.Net;
using System.Net.Sockets;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A node whose HTTP or management address is taken ends with one line naming the option, exit 1. A taken HTTP
/// address printed the host's "Hosting failed to start" with forty lines of Kestrel's stack trace, then a message
/// that named no option; a taken management port printed Akka.Hosting's "Unable to start AkkaHostedService" with the
/// whole exception on stdout, after the node had joined its cluster.</summary>
[Collection(ProcessTests.Name)]
public sealed class CoordinatorStartFailureTests
{
    [Fact]
    public async Task An_http_address_in_use_is_one_line_naming_the_option_without_a_stack_trace()
    {
        using var bed = new ClusterTestBed();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var http = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var coordinator = bed.Track(new TunerProcess("coordinator",
            ["coordinator", "--hostname", "127.0.0.1", "--port", "0", "--http", http, "--db", Path.Combine(bed.Directory, "tuner.db"), "--management-port", "0"],
            bed.Environment, bed.Directory));
        Assert.Equal(ExitCodes.RuntimeFailure, await coordinator.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"error: --http / TUNER_HTTP: cannot listen on {http}: the address is in use", coordinator.Stderr);
        AssertNoStackTrace(coordinator);
    }

    [Theory]
    [InlineData("coordinator")]
    [InlineData("worker")]
    public async Task A_management_port_in_use_is_one_line_naming_the_option_before_the_node_joins(string role)
    {
        using var bed = new ClusterTestBed();
        using var taken = new TcpListener(IPAddress.Any, 0); // the endpoint binds all interfaces
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        string[] args = role == "coordinator"
            ? ["coordinator", "--hostname", "127.0.0.1", "--port", "0", "--http", "http://127.0.0.1:0", "--db", Path.Combine(bed.Directory, "tuner.db"), "--management-port", $"{port}"]
            : ["worker", "--hostname", "127.0.0.1", "--port", "0", "--seeds", "akka.tcp://tuner@127.0.0.1:1", "--management-port", $"{port}"];
        var node = bed.Track(new TunerProcess(role, args, bed.Environment, bed.Directory));
        Assert.Equal(ExitCodes.RuntimeFailure, await node.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"error: the management endpoint could not listen on port {port} (--management-port / TUNER_MANAGEMENT_PORT)", node.Stderr);
        Assert.DoesNotContain("Remoting started", node.Stderr); // failed before the node started: it never joined or left a cluster
        AssertNoStackTrace(node);
    }

    private static void AssertNoStackTrace(TunerProcess node)
    {
        Assert.DoesNotContain("   at ", node.Stderr);
        Assert.DoesNotContain("   at ", node.Stdout);
        Assert.DoesNotContain("Unable to start", node.Stdout);
    }
}
