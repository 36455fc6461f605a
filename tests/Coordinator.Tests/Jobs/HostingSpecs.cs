using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs;
using Tuner.Coordinator.Tests.Support;
using Tuner.Tests.Shared;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;
using Tuner.Runtime.Serialization;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Tests.Jobs;

/// <summary><see cref="JobManagerHosting.AddJobManager"/> as a node's composition root uses it: a plain actor locally,
/// a cluster singleton (with a proxy) in cluster mode, both found through the ActorRegistry; a stopped host hands
/// the singleton over gracefully and the next one recovers the jobs.</summary>
public sealed class HostingSpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_job_manager_is_registered_and_recovers_its_jobs_on_the_next_start(bool cluster)
    {
        var db = TestDatabases.Create(TestDatabases.Sqlite);
        var blobs = Path.Combine(Path.GetTempPath(), $"tuner-host-blobs-{Guid.NewGuid():N}");
        try
        {
            string jobId;
            using (var host = await StartHost(db, blobs, cluster))
            {
                var manager = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<JobManagerKey>();
                var accepted = await manager.Ask<JobAccepted>(new SubmitJob(TestJobs.Random()), Timeout);
                jobId = accepted.JobId;
                Assert.Equal(jobId, (await manager.Ask<JobSummary>(new GetJob(jobId), Timeout)).Id);
                await host.StopAsync();
            }
            using (var host = await StartHost(db, blobs, cluster))
            {
                var manager = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<JobManagerKey>();
                var jobs = await manager.Ask<JobList>(GetJobs.Instance, Timeout);
                Assert.Equal(jobId, Assert.Single(jobs.Jobs).Id);
                Assert.Equal(new JobAccepted(jobId, true), await manager.Ask<object>(new SubmitJob(TestJobs.Random(), jobId), Timeout));
                await host.StopAsync();
            }
        }
        finally
        {
            TestDatabases.Delete(db);
            try { Directory.Delete(blobs, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<IHost> StartHost(DatabaseTarget db, string blobs, bool cluster)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka("tuner", akka =>
        {
            akka.AddHocon(ConfigurationFactory.ParseString(SerializationConfig.Hocon + """

                akka.loglevel = WARNING
                akka.cluster.singleton-proxy.log-singleton-identification-failure = off
                """).WithFallback(PersistenceConfig.For(db)), HoconAddMode.Prepend);
            var settings = CoordinatorSettings.Local(new FolderBlobStore(blobs));
            if (cluster)
            {
                var port = FreePort();
                akka.WithRemoting("127.0.0.1", port)
                    .WithClustering(new ClusterOptions { Roles = [JobManagerHosting.CoordinatorRole], SeedNodes = [$"akka.tcp://tuner@127.0.0.1:{port}"] });
                settings = CoordinatorSettings.Cluster(new FolderBlobStore(blobs));
            }
            akka.AddJobManager(settings, asClusterSingleton: cluster);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
