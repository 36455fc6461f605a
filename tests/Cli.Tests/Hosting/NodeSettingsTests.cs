using System.Collections;
using Tuner.Cli.Hosting;
using Tuner.Contracts;

namespace Tuner.Cli.Tests.Hosting;

public sealed class NodeSettingsTests
{
    private static readonly Hashtable NoEnvironment = new();

    [Fact]
    public void Flags_win_over_environment_which_wins_over_defaults()
    {
        var env = new Hashtable { ["TUNER_HOSTNAME"] = "10.0.0.9", ["TUNER_PORT"] = "5000", ["TUNER_SLOTS"] = "3", ["TUNER_DB"] = "Host=db", ["TUNER_API_TOKEN"] = "s3cret" };
        var s = NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Port: 6000), env);
        Assert.Equal(("10.0.0.9", 6000, 1, "Host=db", "s3cret"), (s.Hostname, s.Port, s.Slots, s.Db, s.ApiToken)); // TUNER_SLOTS is a worker's
        Assert.Equal(3, NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(Seeds: "akka.tcp://tuner@10.0.0.5:4053"), env).Slots);
        Assert.Equal(NodeSettings.DefaultHttp, s.Http);
        Assert.Equal("akka.tcp://tuner@10.0.0.9:6000", s.SelfAddress);
    }

    [Fact]
    public void The_api_token_comes_without_surrounding_whitespace_and_whitespace_alone_is_refused()
    {
        var flags = new NodeSettings.Flags(Hostname: "127.0.0.1");
        // A token from a file or a Kubernetes secret often ends in a newline; HTTP strips it from the request's header.
        Assert.Equal("tok", NodeSettings.Bind(NodeRole.Coordinator, flags, new Hashtable { ["TUNER_API_TOKEN"] = "tok\n" }).ApiToken);
        Assert.Equal("tok", NodeSettings.Bind(NodeRole.Coordinator, flags, new Hashtable { ["TUNER_API_TOKEN"] = " tok " }).ApiToken);
        Assert.Null(NodeSettings.Bind(NodeRole.Coordinator, flags, new Hashtable { ["TUNER_API_TOKEN"] = "" }).ApiToken);
        var e = Assert.Throws<InvalidInputException>(() => NodeSettings.Bind(NodeRole.Coordinator, flags, new Hashtable { ["TUNER_API_TOKEN"] = " \n" }));
        Assert.Equal("TUNER_API_TOKEN: is only whitespace; set the token, or unset the variable for an API without one", Assert.Single(e.Problems));
    }

    [Theory]
    [InlineData(null, null, 60)]
    [InlineData("90s", null, 90)]
    [InlineData("5m", null, 300)]
    [InlineData("0", null, 0)]
    [InlineData("45", null, 45)]
    [InlineData("1.5h", null, 5400)]
    [InlineData("1500ms", null, 1.5)]
    [InlineData("5m", "0", 0)] // the flag wins
    public void The_wait_for_the_database_comes_from_the_flag_else_TUNER_DB_WAIT_else_a_minute(string? variable, string? flag, double seconds)
    {
        var env = variable is null ? new Hashtable() : new Hashtable { ["TUNER_DB_WAIT"] = variable };
        var s = NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "127.0.0.1", DbWait: flag), env);
        Assert.Equal(TimeSpan.FromSeconds(seconds), s.WaitForDatabase);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("5 minutes")]
    [InlineData("2d")]
    [InlineData("25h")]
    [InlineData("500ms")] // shorter than the first pause: one try
    public void A_wait_that_is_not_a_duration_is_refused_naming_the_flag_and_the_variable(string value)
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "127.0.0.1"), new Hashtable { ["TUNER_DB_WAIT"] = value }));
        Assert.Equal($"--db-wait / TUNER_DB_WAIT: '{value}' is not 0 or a duration from 1s to 24h; give e.g. 60s, 5m, or 0 to fail at once when the database cannot be reached",
            Assert.Single(e.Problems));
    }

    [Fact]
    public void Coordinator_defaults()
    {
        var s = NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "127.0.0.1"), NoEnvironment);
        Assert.Equal((4053, 1, "./tuner.db"), (s.Port, s.Slots, s.Db));
        Assert.Empty(s.Seeds);
    }

    [Fact]
    public void The_dataset_cache_budget_defaults_to_512_MiB_and_comes_from_TUNER_DATASET_CACHE_MB()
    {
        var flags = new NodeSettings.Flags(Hostname: "127.0.0.1", Seeds: "akka.tcp://tuner@127.0.0.1:4053");
        Assert.Equal(512L << 20, NodeSettings.Bind(NodeRole.Worker, flags, NoEnvironment).DatasetCacheBytes);
        Assert.Equal(2048L << 20, NodeSettings.Bind(NodeRole.Worker, flags, new Hashtable { ["TUNER_DATASET_CACHE_MB"] = "2048" }).DatasetCacheBytes);
        foreach (var bad in new[] { "2GB", "0", "-5", "99999999999" })
        {
            var e = Assert.Throws<InvalidInputException>(() => NodeSettings.Bind(NodeRole.Worker, flags, new Hashtable { ["TUNER_DATASET_CACHE_MB"] = bad }));
            Assert.Equal($"TUNER_DATASET_CACHE_MB: must be a whole number of MiB from 1 to {NodeSettings.MaxDatasetCacheMb} (got '{bad}'), e.g. 2048 for 2 GiB", Assert.Single(e.Problems));
        }
    }

    [Fact]
    public void The_api_body_limit_defaults_to_64_MiB_and_comes_from_TUNER_MAX_BODY_BYTES()
    {
        Assert.Equal(64L * 1024 * 1024, NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "127.0.0.1"), NoEnvironment).MaxBodyBytes);
        var env = new Hashtable { ["TUNER_MAX_BODY_BYTES"] = "1048576" };
        Assert.Equal(1048576, NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "127.0.0.1"), env).MaxBodyBytes);
        foreach (var bad in new[] { "64MB", "-1", "100", "99999999999" })
        {
            var e = Assert.Throws<InvalidInputException>(() => NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "127.0.0.1"), new Hashtable { ["TUNER_MAX_BODY_BYTES"] = bad }));
            Assert.StartsWith($"TUNER_MAX_BODY_BYTES: must be a whole number of bytes from 1024 to {NodeSettings.MaxBodyLimit} (got '{bad}')", Assert.Single(e.Problems));
        }
    }

    [Fact]
    public void Seeds_split_on_commas_and_keep_their_order()
    {
        var s = NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(Seeds: "akka.tcp://tuner@c-0:4053, akka.tcp://tuner@c-1:4053"), NoEnvironment);
        Assert.Equal(["akka.tcp://tuner@c-0:4053", "akka.tcp://tuner@c-1:4053"], s.Seeds);
    }

    [Theory]
    [InlineData("--seeds", "tuner@host:4053", "not an akka.tcp:// address")]
    [InlineData("--seeds", "akka.tcp://other@host:4053", "names actor system 'other'")]
    [InlineData("--seeds", "akka.tcp://tuner@host", "has no port")]
    [InlineData("--seeds", "akka.tcp://tuner@127.0.0.1:99999", "'akka.tcp://tuner@127.0.0.1:99999' has port 99999; a port is 1 to 65535")]
    [InlineData("--port", "70000", "--port / TUNER_PORT: must be an integer from 0 to 65535 (got 70000)")]
    [InlineData("--slots", "0", "--slots / TUNER_SLOTS: must be an integer from 1 to 256 (got 0)")]
    [InlineData("--http", "ftp://x", "--http / TUNER_HTTP")]
    // Kestrel refused these at start in its own words, exit 1 ("Call UseKestrelHttpsConfiguration()…", "UsePathBase()").
    [InlineData("--http", "https://127.0.0.1:8443", "--http / TUNER_HTTP: 'https://127.0.0.1:8443': the coordinator serves plain HTTP")]
    [InlineData("--http", "http://127.0.0.1:8080/sub", "--http / TUNER_HTTP: 'http://127.0.0.1:8080/sub' has a path")]
    public void Bad_values_name_the_flag_and_variable(string flag, string value, string expected)
    {
        var flags = flag switch
        {
            "--seeds" => new NodeSettings.Flags(Seeds: value),
            "--port" => new NodeSettings.Flags(Seeds: "akka.tcp://tuner@h:1", Port: int.Parse(value)),
            "--slots" => new NodeSettings.Flags(Seeds: "akka.tcp://tuner@h:1", Slots: int.Parse(value)),
            _ => new NodeSettings.Flags(Seeds: "akka.tcp://tuner@h:1", Http: value),
        };
        var e = Assert.Throws<InvalidInputException>(() => NodeSettings.Bind(NodeRole.Worker, flags, NoEnvironment));
        Assert.Contains(e.Problems, p => p.Contains(expected));
    }

    [Fact]
    public void A_worker_without_seeds_and_a_non_numeric_port_variable_report_both()
    {
        var e = Assert.Throws<InvalidInputException>(() => NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(), new Hashtable { ["TUNER_PORT"] = "abc" }));
        Assert.Contains(e.Problems, p => p.StartsWith("--port / TUNER_PORT: must be an integer from 0 to 65535 (got 'abc')"));
        Assert.Contains(e.Problems, p => p.StartsWith("--seeds / TUNER_SEEDS: a worker needs"));
    }

    [Fact]
    public void Discovery_replaces_the_seeds_with_cluster_bootstrap_and_its_defaults()
    {
        var k8s = NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(Hostname: "10.0.1.7"), new Hashtable { ["TUNER_DISCOVERY"] = "kubernetes-api" });
        Assert.Empty(k8s.Seeds);
        Assert.Equal(ClusterFormation.KubernetesApi, k8s.FormationOrSeeds.Method);
        Assert.Equal(ClusterFormation.DefaultPodSelector, k8s.FormationOrSeeds.PodSelector);
        Assert.Equal(ClusterFormation.DefaultRequiredContactPoints, k8s.FormationOrSeeds.RequiredContactPoints);
        Assert.Equal(NodeSettings.DefaultManagementPort, k8s.ManagementPort);

        // A fixed list: a new cluster forms once all of them answer, unless told fewer.
        var config = NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "10.0.0.5"),
            new Hashtable { ["TUNER_DISCOVERY"] = "config", ["TUNER_CONTACT_POINTS"] = "10.0.0.5:8558, c-1.example:8559", ["TUNER_MANAGEMENT_PORT"] = "8558" });
        Assert.Equal(["10.0.0.5:8558", "c-1.example:8559"], config.FormationOrSeeds.ContactPoints);
        Assert.Equal(2, config.FormationOrSeeds.RequiredContactPoints);
        Assert.Equal(1, NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "10.0.0.5"),
            new Hashtable { ["TUNER_DISCOVERY"] = "config", ["TUNER_CONTACT_POINTS"] = "10.0.0.5:8558,10.0.0.6:8558", ["TUNER_DISCOVERY_MIN_CONTACTS"] = "1" }).FormationOrSeeds.RequiredContactPoints);

        // Without discovery: the seeds, as before (a coordinator with none seeds itself).
        Assert.Equal(ClusterFormation.SeedsMethod, NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "127.0.0.1"), NoEnvironment).FormationOrSeeds.Method);
    }

    [Theory]
    [InlineData("TUNER_DISCOVERY=dns", "TUNER_DISCOVERY: 'dns' is not a discovery method; use kubernetes-api")]
    [InlineData("TUNER_DISCOVERY=config", "TUNER_CONTACT_POINTS: TUNER_DISCOVERY=config needs the coordinators' management endpoints")]
    [InlineData("TUNER_DISCOVERY=config;TUNER_CONTACT_POINTS=10.0.0.5", "TUNER_CONTACT_POINTS: '10.0.0.5' is not HOST:PORT")]
    [InlineData("TUNER_DISCOVERY=config;TUNER_CONTACT_POINTS=10.0.0.5:99999", "TUNER_CONTACT_POINTS: '10.0.0.5:99999' is not HOST:PORT")]
    [InlineData("TUNER_DISCOVERY=kubernetes-api;TUNER_DISCOVERY_MIN_CONTACTS=0", "TUNER_DISCOVERY_MIN_CONTACTS: must be a whole number from 1")]
    [InlineData("TUNER_DISCOVERY=kubernetes-api;TUNER_SEEDS=akka.tcp://tuner@c-0:4053", "--seeds / TUNER_SEEDS and TUNER_DISCOVERY: give one of them")]
    [InlineData("TUNER_DISCOVERY=kubernetes-api;TUNER_MANAGEMENT_PORT=0", "Cluster Bootstrap (TUNER_DISCOVERY) needs a fixed port")]
    [InlineData("TUNER_MANAGEMENT_PORT=70000", "--management-port / TUNER_MANAGEMENT_PORT: must be an integer from 0 to 65535 (got 70000)")]
    public void Bad_formation_and_operations_settings_name_the_variable_and_the_fix(string environment, string expected)
    {
        var env = new Hashtable();
        foreach (var pair in environment.Split(';')) env[pair.Split('=', 2)[0]] = pair.Split('=', 2)[1];
        var e = Assert.Throws<InvalidInputException>(() => NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(Hostname: "10.0.1.7"), env));
        Assert.Contains(e.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_coordinators_own_variables_are_checked_by_the_coordinator_and_not_read_by_a_worker()
    {
        var env = new Hashtable { ["TUNER_MAX_DATASET_BYTES"] = "12", ["TUNER_HTTP"] = "not a url" };
        var e = Assert.Throws<InvalidInputException>(() => NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "10.0.1.7"), env));
        Assert.Contains(e.Problems, p => p.StartsWith("TUNER_MAX_DATASET_BYTES: must be a whole number of bytes, at least 1024", StringComparison.Ordinal));
        // A ConfigMap shared by both kinds of node may set them: a worker, which has no API, does not read them.
        NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(Hostname: "10.0.1.7", Seeds: "akka.tcp://tuner@10.0.0.5:4053"), env);
    }
}
