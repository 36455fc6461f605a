using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Serilog;
using Tuner.Coordinator.Api;
using Tuner.Runtime.Metrics;

namespace Tuner.Cli.Hosting.Management;

/// <summary>The management HTTP endpoint of a cluster node (TUNER_MANAGEMENT_PORT, all interfaces): the kubelet's
/// probes <c>/alive</c> and <c>/ready</c> (<see cref="NodeHealth"/>: 200 <c>{"status": …}</c>, or 503
/// <c>{"errors": [why]}</c>), <c>/metrics</c> in Prometheus' text format, and Cluster Bootstrap's contact-point route
/// <c>/bootstrap/seed-nodes</c>, which other nodes' bootstrap probes.
/// <para>A small Kestrel server of its own rather than Akka.Management's HTTP server: that one (Akka.Http.Shim) runs on
/// Ceen.Httpd 0.9.9, and the package mirror serves only 0.9.10, whose listener API changed (Akka.Management fails to
/// start with "Method not found: Ceen.Httpd.HttpServer.ListenAsync"). The contact-point route answers exactly what
/// Akka.Management's does — the same <see cref="HttpBootstrapJsonProtocol.SeedNodes"/> document, serialized with
/// Newtonsoft.Json as Akka's bootstrap reads it — so a node bootstraps against any Akka.Management 1.5 node.</para></summary>
public sealed class ManagementServer : IAsyncDisposable
{
    public const string AlivePath = "/alive";
    public const string ReadyPath = "/ready";
    public const string MetricsPath = "/metrics";
    public const string SeedNodesPath = "/bootstrap/seed-nodes";

    private readonly WebApplication _app;
    private readonly int _port;
    private readonly string _advertisedHost;
    private ActorSystem? _system;

    /// <summary>Where it listens, with the port bound (for port 0, the one the system chose); null until started.</summary>
    public Uri? Uri { get; private set; }

    private ManagementServer(int port, string advertisedHost)
    {
        (_port, _advertisedHost) = (port, advertisedHost);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = HostArguments.Defaults });
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog();
        builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        _app = builder.Build();
        // Any other path or method answers as the API does, with a message (it was an empty 404).
        _app.UseStatusCodePages(context => Results.Text(
            JsonSerializer.Serialize(new { errors = new[] { $"no such endpoint: {context.HttpContext.Request.Method} {Contracts.EchoedText.Of(context.HttpContext.Request.Path.Value ?? "")}; the management port serves {AlivePath}, {ReadyPath}, {MetricsPath} and {SeedNodesPath}" } }),
            "application/json", statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));

        _app.MapGetAndHead(AlivePath, () => Answer(Node is { } system ? NodeHealth.Get(system).LivenessProblem() : Starting, "alive"));
        _app.MapGetAndHead(ReadyPath, async (CancellationToken ct) =>
        {
            if (Node is not { } system) return Answer(Starting, "ready");
            // Inside the kubelet's probe timeout (1 s by default; the manifests give 4 s).
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            string? problem;
            try { problem = await NodeHealth.Get(system).ReadinessProblemAsync(timeout.Token); }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested) { problem = $"the readiness check failed: {e.Message}"; }
            return Answer(problem, "ready");
        });
        _app.MapGetAndHead(MetricsPath, async (HttpContext http) =>
        {
            http.Response.ContentType = TunerMetrics.ContentType;
            await TunerMetrics.WriteAsync(http.Response.Body, http.RequestAborted);
        });
        _app.MapGet(SeedNodesPath, () => Node is { } system
            ? Results.Text(SeedNodes(system), "application/json")
            : Unavailable(Starting));
    }

    private const string Starting = "the node is starting";

    private ActorSystem? Node => Volatile.Read(ref _system);

    /// <summary>The endpoint of a node on <paramref name="port"/>, advertised as <paramref name="advertisedHost"/>: built,
    /// not yet listening (<see cref="StartAsync"/>).</summary>
    public static ManagementServer Create(int port, string advertisedHost) => new(port, advertisedHost);

    /// <summary>Binds the port. A node binds it before its actor system starts, so a port in use ends the command with
    /// one line before the node joins a cluster (inside Akka.Hosting's start-up the failure came with its stack trace
    /// on stdout, after the node had joined and had to leave again). Until <see cref="Attach"/> the probes and
    /// the contact point answer 503 "the node is starting"; /metrics answers at once.</summary>
    public async Task StartAsync()
    {
        try
        {
            await _app.StartAsync();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"the management endpoint could not listen on port {_port} (--management-port / TUNER_MANAGEMENT_PORT): {Innermost(e).Message}", e);
        }
        var bound = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Uri = new Uri($"http://{_advertisedHost}:{bound.Port}/");
    }

    /// <summary>The node's actor system, once started: the probes and the contact point answer for it from then on.</summary>
    public void Attach(ActorSystem system) => Volatile.Write(ref _system, system);

    private static IResult Answer(string? problem, string state) => problem is null
        ? Results.Text(JsonSerializer.Serialize(new { status = state }), "application/json")
        : Unavailable($"not {state}: {problem}");

    private static IResult Unavailable(string error) =>
        Results.Text(JsonSerializer.Serialize(new { errors = new[] { error } }), "application/json", statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>What Akka.Management's <c>HttpClusterBootstrapRoutes</c> answers: this node's address and the members a
    /// joining node may use as seeds (reachable, Up, WeaklyUp or Joining), none while this node is leaving.</summary>
    internal static string SeedNodes(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var self = cluster.SelfMember;
        var members = ImmutableList<HttpBootstrapJsonProtocol.ClusterMember>.Empty;
        if (self.Status is not (MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving or MemberStatus.Removed))
        {
            var state = cluster.State;
            members = state.Members
                .Where(m => !state.Unreachable.Contains(m) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)
                .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
                .ToImmutableList();
        }
        return Newtonsoft.Json.JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(self.UniqueAddress.Address, members));
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    public async ValueTask DisposeAsync()
    {
        if (Uri is not null) await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
