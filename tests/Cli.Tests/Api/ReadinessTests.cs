using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Processes;
using Tuner.Tests.Shared;

namespace Tuner.Cli.Tests.Api;

/// <summary><c>/readyz</c> says ready only once the node has joined the cluster (and the job manager, recovered from
/// the journal, answers); <c>/healthz</c> is liveness only. A coordinator whose seed never answers stays not ready.</summary>
[Collection(ProcessTests.Name)]
public sealed class ReadinessTests
{
    [Fact]
    public async Task A_coordinator_that_cannot_join_its_cluster_is_alive_but_not_ready()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"), seedPorts: [TunerProcess.FreePort()]);
        await bed.Until(async () => await bed.TryGet(coordinator.Api + "/healthz") is not null, TimeSpan.FromSeconds(60), "the HTTP API to answer");

        for (int i = 0; i < 3; i++)
        {
            using var response = await bed.Http.GetAsync(coordinator.Api + "/readyz");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(503, (int)response.StatusCode);
            // It said "cluster membership is Removed, not Up", as if the cluster had removed it: it has not joined yet.
            Assert.Equal("not ready: not a cluster member yet: waiting for a seed (or a coordinator) to answer", (string?)JsonNode.Parse(body)!["errors"]![0]);
            await Task.Delay(1000);
        }
        Assert.Equal("ok", (string?)(await bed.TryGet(coordinator.Api + "/healthz"))!["status"]);
    }

    [PostgresFact]
    public async Task A_coordinator_whose_journal_database_is_gone_is_alive_but_not_ready()
    {
        using var bed = new ClusterTestBed();
        var db = TestDatabases.CreatePostgresDatabase();
        var coordinator = bed.StartCoordinator(db);
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));

        // The database goes away under the running node (as when its server is down or its credentials revoked).
        var name = new Npgsql.NpgsqlConnectionStringBuilder(db).Database;
        await using (var admin = new Npgsql.NpgsqlConnection(TestDatabases.PostgresConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE {name} WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }

        string? error = null;
        await bed.Until(async () =>
        {
            using var response = await bed.Http.GetAsync(coordinator.Api + "/readyz");
            if ((int)response.StatusCode != 503) return false;
            error = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0];
            return true;
        }, TimeSpan.FromSeconds(30), "/readyz to answer 503");
        Assert.StartsWith("not ready: the journal's database did not answer", error);
        Assert.Equal("ok", (string?)(await bed.TryGet(coordinator.Api + "/healthz"))!["status"]);
    }
}
