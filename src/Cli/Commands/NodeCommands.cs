using System.CommandLine;
using Tuner.Cli.Hosting;
using Tuner.Worker;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner coordinator</c> and <c>tuner worker</c>: cluster nodes. Every option can also come
/// from its TUNER_* environment variable (PRODUCT.md §5).</summary>
public static class NodeCommands
{
    public static Command Coordinator()
    {
        var (hostname, port, seeds, management) = CommonOptions();
        var http = new Option<string?>("--http") { Description = $"HTTP listen URL for the API and dashboard (TUNER_HTTP; default {NodeSettings.DefaultHttp})." };
        var db = new Option<string?>("--db") { Description = "SQLite file path or PostgreSQL connection string (TUNER_DB; default ./tuner.db)." };
        var dbWait = new Option<string?>("--db-wait")
        {
            Description = "How long to wait at start for a PostgreSQL that cannot be reached yet, e.g. 90s or 5m; 0 = fail at once (TUNER_DB_WAIT; default 60s).",
        };
        var command = new NodeCommand("coordinator", "Start a coordinator node: the job manager (cluster singleton), the journal and the HTTP API.", NodeRole.Coordinator) { hostname, port, seeds, management, http, db, dbWait };
        command.SetAction((parse, cancellation) => TunerCli.Guard(() =>
        {
            var settings = NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(parse.GetValue(hostname), port.GivenIn(parse), parse.GetValue(seeds), parse.GetValue(http), parse.GetValue(db), ManagementPort: management.GivenIn(parse), DbWait: parse.GetValue(dbWait)));
            return CoordinatorNode.RunAsync(settings, cancellation);
        }));
        return command;
    }

    /// <param name="train">How attempts train (null: with the engine; the dispatch benchmarks' worker plugs in a stand-in).</param>
    public static Command Worker(TrainAttempt? train = null)
    {
        var (hostname, port, seeds, management) = CommonOptions();
        var slots = new BoundedIntegerOption("--slots", 1, NodeSettings.MaxSlots, "Trials trained at once, one thread each (TUNER_SLOTS; default 1).");
        var command = new NodeCommand("worker", "Start a worker node that trains the trials the coordinator hands out.", NodeRole.Worker) { hostname, port, seeds, management, slots };
        command.SetAction((parse, cancellation) => TunerCli.Guard(() =>
        {
            var settings = NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(parse.GetValue(hostname), port.GivenIn(parse), parse.GetValue(seeds), Slots: slots.GivenIn(parse), ManagementPort: management.GivenIn(parse)));
            return WorkerNode.RunAsync(settings, train, cancellation);
        }));
        return command;
    }

    private static (Option<string?> Hostname, BoundedIntegerOption Port, Option<string?> Seeds, BoundedIntegerOption ManagementPort) CommonOptions() =>
    (
        new Option<string?>("--hostname") { Description = "Address this node advertises; it binds all interfaces (TUNER_HOSTNAME)." },
        new BoundedIntegerOption("--port", 0, 65535, "Akka.Remote port (TUNER_PORT; coordinator default 4053, worker default any free port: 0)."),
        new Option<string?>("--seeds") { Description = "Comma-separated seed addresses akka.tcp://tuner@HOST:PORT (TUNER_SEEDS); or TUNER_DISCOVERY (docs/deploy.md)." },
        new BoundedIntegerOption("--management-port", 0, 65535, $"Management HTTP port: Cluster Bootstrap, /alive, /ready, /metrics (TUNER_MANAGEMENT_PORT; default {NodeSettings.DefaultManagementPort}; 0 = any free port).")
    );
}
