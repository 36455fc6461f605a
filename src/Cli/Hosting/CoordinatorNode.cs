using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Tuner.Cli.Hosting.Management;
using Tuner.Coordinator.Api;
using Tuner.Coordinator.Jobs;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;

namespace Tuner.Cli.Hosting;

/// <summary><c>tuner coordinator</c>: a cluster node (role <c>coordinator</c>) hosting the
/// JobManager as a cluster singleton, the journal on <c>--db</c>, and the HTTP API on <c>--http</c>.
/// SIGTERM leaves the cluster gracefully and hands the singleton over.</summary>
public static class CoordinatorNode
{
    public static WebApplication Build(NodeSettings settings, DatabaseTarget db, ApiOptions api, ManagementServer management)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = HostArguments.Defaults });
        builder.Services.AddSerilog();
        builder.WebHost.UseUrls(settings.Http);
        // The API enforces its own limit (413 with a message); Kestrel's default of 30 MB must not cut in first.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = api.MaxBodyBytes + 1);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var blobs = BlobStores.For(db);
        api = api with { Datasets = blobs as ILargeBlobStore };
        builder.Services.AddAkka(NodeSettings.SystemName, akka =>
        {
            akka.WithTunerBasics()
                .WithTunerCluster(settings, NodeRole.Coordinator, db, management)
                .AddHocon(PersistenceConfig.For(db), HoconAddMode.Prepend)
                .AddJobManager(CoordinatorSettings.Cluster(blobs), asClusterSingleton: true)
                // The management port's /ready asks what /readyz asks.
                .AddStartup((system, registry) => NodeHealth.Get(system).RoleReadiness = ct =>
                    Readiness.ProblemAsync(system, new JobManagerClient(registry.Get<JobManagerKey>(), TimeSpan.FromSeconds(3)), api.JournalProbe, ct));
        });
        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = ApiErrorHandler.HandleAsync,
            SuppressDiagnosticsCallback = ApiErrorHandler.LoggedHere,
        });
        app.MapTunerApi(api with { Blobs = blobs });
        return app;
    }

    public static async Task<int> RunAsync(NodeSettings settings, CancellationToken cancellation)
    {
        var db = DatabaseTarget.Parse(settings.Db);
        if (!await WaitForDatabaseAsync(settings, db, cancellation)) return NodeExitCode.Of(stopRequested: true);
        using var journalLock = db.SqliteFile is { } sqliteFile ? SqliteJournalLock.Take(sqliteFile, "--db / TUNER_DB") : null;
        await using var management = await ListenedPorts.ClaimAsync(settings, settings.Http, cancellation);
        await using var app = Build(settings, db, new ApiOptions(settings.ApiToken, settings.MaxBodyBytes)
        {
            JournalProbe = ct => DatabaseProbe.CheckAsync(db, ct),
            MaxDatasetBytes = settings.MaxDatasetBytes,
        }, management);
        Log.Information("Coordinator {Address} starting: journal on {Database}, HTTP on {Http}, joining by {JoinsBy}",
            settings.StartingAddress, db.Description, settings.StartingHttp, settings.JoinsBy);
        // The address the API listens on, port included: --http with port 0 gets one the system picks, which only this line gives.
        app.Lifetime.ApplicationStarted.Register(() => Log.Information("HTTP API listening on {Url}", string.Join(", ", app.Urls)));
        try
        {
            // Not RunAsync: it disposes the app, whose services the exit code still reads (why the node ended).
            await app.StartAsync(CancellationToken.None);
            await app.WaitForShutdownAsync(CancellationToken.None);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw ListenedPorts.HttpInUse(settings.Http, e);
        }
        return NodeExitCode.Of(app.Services, cancellation.IsCancellationRequested);
    }

    /// <summary>Waits for the journal's database to answer, for up to --db-wait when it cannot be reached yet (a
    /// PostgreSQL starting beside this coordinator); false when the node was asked to stop meanwhile. Gives up with a
    /// <see cref="DatabaseUnreachableException"/> (exit 1: a supervisor restarts the node), or at once with an
    /// <see cref="Contracts.InvalidInputException"/> for what waiting cannot fix (exit 2).</summary>
    private static async Task<bool> WaitForDatabaseAsync(NodeSettings settings, DatabaseTarget db, CancellationToken cancellation)
    {
        var wait = new DatabaseWait(settings.WaitForDatabase, NodeSettings.DbWaitSetting, TimeProvider.System);
        try
        {
            var tries = await wait.UntilItAnswersAsync(ct => DatabaseProbe.CheckAsync(db, ct), cancellation);
            if (tries > 1) Log.Information("The database {Database} answered, at try {Tries}", db.Description, tries);
            return true;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Log.Information("Stopped while waiting for the database {Database}", db.Description);
            return false;
        }
    }
}
