using System.Net;
using System.Net.Sockets;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A coordinator whose HTTP address is taken ends with one line naming the option, exit 1: it printed the
/// host's "Hosting failed to start" with forty lines of Kestrel's stack trace, then a message that named no option.</summary>
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
        Assert.DoesNotContain("   at ", coordinator.Stderr);
        Assert.DoesNotContain("   at ", coordinator.Stdout);
    }
}
