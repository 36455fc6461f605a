using System.Diagnostics;
using System.Net;
using Npgsql;
using Tuner.Tests.Shared;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A coordinator started before its PostgreSQL (a fresh Kubernetes install, a machine booting) waits for it,
/// saying so, and starts once it answers; one whose database never comes exits 1 naming it and <c>--db-wait</c>.
/// Before: it exited 2 at once, and Kubernetes restarted it in a crash loop until PostgreSQL was Ready.</summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class DatabaseWaitTests
{
    /// <summary>The node's log events whose message contains <paramref name="text"/>.</summary>
    private static IEnumerable<System.Text.Json.JsonElement> Logged(TunerProcess node, string text) =>
        node.LogEvents().Where(e => e.Message().Contains(text, StringComparison.Ordinal));

    private const string WaitingLine = " cannot be reached (try ";

    [PostgresFact]
    public async Task A_coordinator_waits_for_a_database_that_comes_up_later_and_starts()
    {
        var real = new NpgsqlConnectionStringBuilder(TestDatabases.CreatePostgresDatabase());
        int port = TunerProcess.FreePort(); // nothing listens there yet
        var forwarded = new NpgsqlConnectionStringBuilder(real.ConnectionString) { Host = "127.0.0.1", Port = port };
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(forwarded.ConnectionString);

        await bed.Until(() => Task.FromResult(Logged(coordinator.Process, WaitingLine).Count() >= 2 || coordinator.Process.HasExited),
            TimeSpan.FromSeconds(20), "two warnings that the database cannot be reached");
        Assert.False(coordinator.Process.HasExited, coordinator.Process.ToString());
        var warning = Logged(coordinator.Process, WaitingLine).First();
        Assert.Equal("Warning", warning.GetProperty("@l").GetString());
        Assert.Equal($"PostgreSQL 127.0.0.1:{port}/{real.Database}", warning.GetProperty("Database").GetString());
        Assert.Contains("Connection refused", warning.GetProperty("Error").GetString());
        Assert.Equal("--db-wait / TUNER_DB_WAIT", warning.GetProperty("WaitSetting").GetString());
        Assert.True(warning.GetProperty("LeftSeconds").GetDouble() is > 50 and <= 60, warning.ToString()); // the default, 60 s

        using var postgres = new TcpForwarder(port, new DnsEndPoint(real.Host!, real.Port));
        var clock = Stopwatch.StartNew();
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(40));
        Assert.Single(Logged(coordinator.Process, "answered, at try"));
        Assert.True(postgres.Connections > 0);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"ready {clock.Elapsed.TotalSeconds:F0} s after the database came up");
    }

    [Fact]
    public async Task A_database_that_never_answers_ends_the_coordinator_with_exit_1_naming_it_and_the_wait()
    {
        using var bed = new ClusterTestBed();
        int port = TunerProcess.FreePort();
        var coordinator = bed.Track(new TunerProcess("coordinator",
            ["coordinator", "--hostname", "127.0.0.1", "--port", "0", "--http", "http://127.0.0.1:0", "--management-port", "0",
             "--db", $"Host=127.0.0.1;Port={port};Username=tuner;Password=s3cret;Database=tuner", "--db-wait", "8s"],
            bed.Environment, bed.Directory));

        // (A 2 s wait could be over before the first try had failed on a loaded machine: then there is nothing to say it waited.)
        Assert.Equal(ExitCodes.RuntimeFailure, await coordinator.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        var error = coordinator.Stderr.Split('\n').Single(line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith($"error: --db / TUNER_DB: PostgreSQL 127.0.0.1:{port}/tuner could not be reached: ", error);
        Assert.Contains($"the last: Failed to connect to 127.0.0.1:{port}: Connection refused", error);
        Assert.EndsWith("wait longer than 8 s with --db-wait / TUNER_DB_WAIT", error);
        Assert.Contains("cannot be reached (try 1)", coordinator.Stderr); // it waited, saying so
        Assert.DoesNotContain("s3cret", coordinator.Stderr);
        Assert.DoesNotContain("Remoting started", coordinator.Stderr);
    }

    [Fact]
    public async Task A_stop_asked_for_while_waiting_ends_the_coordinator_at_once_with_exit_0()
    {
        using var bed = new ClusterTestBed();
        bed.Environment["TUNER_DB_WAIT"] = "5m";
        var started = Stopwatch.StartNew();
        var coordinator = bed.StartCoordinator($"Host=127.0.0.1;Port={TunerProcess.FreePort()};Database=tuner");
        await bed.Until(() => Task.FromResult(Logged(coordinator.Process, WaitingLine).Any() || coordinator.Process.HasExited),
            TimeSpan.FromSeconds(20), "a warning that the database cannot be reached");
        // TUNER_DB_WAIT's 5 minutes, less the first try: at most the time since the process started (a busy machine took
        // over half a second to have it refused, and the test asked for exactly 300).
        Assert.InRange(Logged(coordinator.Process, WaitingLine).First().GetProperty("LeftSeconds").GetDouble(), 300 - Math.Ceiling(started.Elapsed.TotalSeconds), 300);

        var clock = Stopwatch.StartNew();
        coordinator.Process.Terminate();
        Assert.Equal(ExitCodes.Success, await coordinator.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"exited {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");
        Assert.Single(Logged(coordinator.Process, "Stopped while waiting for the database"));
    }
}
