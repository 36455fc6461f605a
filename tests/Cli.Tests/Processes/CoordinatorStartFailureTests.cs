using System.Net;
using System.Net.Sockets;
using Tuner.Tests.Shared;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A node whose HTTP, management or Akka address is taken ends with one line naming the option, exit 1, before
/// it joins a cluster. Before: a taken HTTP address printed the host's "Hosting failed to start" with forty lines of
/// Kestrel's stack trace and a message that named no option; a taken management port printed Akka.Hosting's "Unable
/// to start AkkaHostedService" with the whole exception on stdout; both after the node had joined its cluster. A taken
/// Akka port was not noticed at all: the second node bound it too (address reuse is SO_REUSEPORT on Linux) and took
/// part of the first one's connections.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
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
        Assert.DoesNotContain("Remoting started", coordinator.Stderr); // refused before the node joined a cluster of its own
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

    [Fact]
    public async Task An_akka_port_another_node_listens_on_is_refused_before_the_node_starts()
    {
        using var bed = new ClusterTestBed();
        var first = bed.StartCoordinator(Path.Combine(bed.Directory, "first.db"));
        await bed.WaitReadyAsync(first, TimeSpan.FromSeconds(60));

        var second = bed.StartCoordinator(Path.Combine(bed.Directory, "second.db"), port: first.Port);
        var worker = bed.StartWorker(first.Seed, port: first.Port);
        foreach (var node in new[] { second.Process, worker })
        {
            Assert.Equal(ExitCodes.RuntimeFailure, await node.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            // With --log-format json (as the bed starts nodes) the failure is a JSON event like every other line.
            var failure = AssertOneFailureEvent(node, ExitCodes.RuntimeFailure);
            Assert.StartsWith($"--port / TUNER_PORT: port {first.Port} is in use by another process on this host", failure.Message());
            Assert.DoesNotContain(node.LogEvents(), e => e.Message().Contains("Remoting started", StringComparison.Ordinal));
            AssertNoStackTrace(node);
        }
        Assert.False(first.Process.HasExited, first.Process.ToString());
        Assert.NotNull(await bed.TryGet(first.Api + "/readyz"));
    }

    [Fact]
    public async Task With_json_logs_a_database_it_cannot_use_is_one_json_event_and_every_line_is_json()
    {
        // Before: "--db / TUNER_DB: cannot use …" was a plain line on stderr, which a log shipper reading JSON cannot parse.
        using var bed = new ClusterTestBed();
        var inTheWay = Path.Combine(bed.Directory, "a-file");
        File.WriteAllText(inTheWay, "a file where the database's folder should be");
        var db = Path.Combine(inTheWay, "tuner.db");
        var coordinator = bed.Track(new TunerProcess("coordinator",
            ["coordinator", "--hostname", "127.0.0.1", "--port", "0", "--http", "http://127.0.0.1:0", "--db", db, "--management-port", "0", "--log-format", "json"],
            bed.Environment, bed.Directory));
        Assert.Equal(ExitCodes.InvalidInput, await coordinator.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var failure = AssertOneFailureEvent(coordinator, ExitCodes.InvalidInput);
        Assert.Equal($"--db / TUNER_DB: cannot use SQLite {db}: {inTheWay} is a file, not a folder; give a path in a folder", failure.Message());
    }

    /// <summary>Every line the node wrote, on stdout and stderr, is a JSON object, and one of them is the failure it ended
    /// with (level Fatal, its exit code).</summary>
    private static System.Text.Json.JsonElement AssertOneFailureEvent(TunerProcess node, int exitCode)
    {
        foreach (var line in (node.Stdout + "\n" + node.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try { Assert.Equal(System.Text.Json.JsonValueKind.Object, System.Text.Json.JsonDocument.Parse(line).RootElement.ValueKind); }
            catch (System.Text.Json.JsonException) { Assert.Fail($"not a JSON line: {line}\n{node}"); }
        }
        var failure = Assert.Single(node.LogEvents(), e => e.TryGetProperty("@l", out var level) && level.GetString() == "Fatal");
        Assert.Equal(exitCode, failure.GetProperty("ExitCode").GetInt32());
        return failure;
    }

    /// <summary>No stack trace on the terminal: JSON log lines are left out, since --verbose puts the exception of
    /// "Command failed" in its debug event on purpose.</summary>
    private static void AssertNoStackTrace(TunerProcess node)
    {
        Assert.DoesNotContain(node.Stderr.Split('\n'), line => !line.StartsWith('{') && line.Contains("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", node.Stdout);
        Assert.DoesNotContain("Unable to start", node.Stdout);
    }
}
