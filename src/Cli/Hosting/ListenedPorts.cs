using System.Net;
using System.Net.Sockets;
using Tuner.Cli.Hosting.Management;

namespace Tuner.Cli.Hosting;

/// <summary>The addresses a node is about to listen on, refused up front when another process already accepts
/// connections there, so that the command ends with one line naming the option before the node joins a cluster.
/// <para>For the Akka.Remote port this is the only check: its listening socket asks for address reuse, which .NET on
/// Linux grants as SO_REUSEADDR and SO_REUSEPORT, so a second node on the same port binds it too and the kernel splits
/// the connections other nodes make between the two processes. For the HTTP address Kestrel's own bind would fail, but
/// only after the node had joined its cluster (hosted services start before the server listens).</para>
/// <para>A port nobody accepts on counts as free — the connections of a node killed a moment ago do not count — so a
/// node restarted on its port at once still starts.</para></summary>
internal static class ListenedPorts
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>What a node's command does before it builds its host: refuses a taken Akka port and (a coordinator's)
    /// <paramref name="http"/> address, then binds the management endpoint, which it returns listening.</summary>
    public static async Task<ManagementServer> ClaimAsync(NodeSettings settings, string? http, CancellationToken cancellation)
    {
        await EnsureRemotingPortFreeAsync(settings.Port, cancellation);
        if (http is not null) await EnsureHttpFreeAsync(http, cancellation);
        var management = ManagementServer.Create(settings.ManagementPort, settings.Hostname);
        try
        {
            await management.StartAsync();
            return management;
        }
        catch
        {
            await management.DisposeAsync();
            throw;
        }
    }

    /// <summary>Throws when something accepts connections on the Akka.Remote <paramref name="port"/> of this host;
    /// nothing for port 0 (the system picks a free one).</summary>
    private static async Task EnsureRemotingPortFreeAsync(int port, CancellationToken cancellation)
    {
        if (port != 0 && await AcceptsAsync(IPAddress.Loopback.ToString(), port, cancellation))
            throw new IOException($"--port / TUNER_PORT: port {port} is in use by another process on this host (another tuner node?); give another port, or stop that process");
    }

    /// <summary>Throws <see cref="HttpInUse"/> when something accepts connections where <paramref name="http"/> (a
    /// Kestrel URL: <c>http://127.0.0.1:8080</c>, <c>http://0.0.0.0:8080</c>, <c>http://*:8080</c>) would listen.</summary>
    private static async Task EnsureHttpFreeAsync(string http, CancellationToken cancellation)
    {
        var normalized = http.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Port <= 0) return; // Kestrel says what is wrong with it
        var host = uri.Host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))) host = IPAddress.Loopback.ToString();
        if (await AcceptsAsync(host, uri.Port, cancellation)) throw HttpInUse(http, inner: null);
    }

    /// <summary>The one line a taken HTTP address ends the coordinator with (also when Kestrel's bind finds it so).</summary>
    public static IOException HttpInUse(string http, Exception? inner) =>
        new($"--http / TUNER_HTTP: cannot listen on {http}: the address is in use (another coordinator?); give another port", inner);

    private static async Task<bool> AcceptsAsync(string host, int port, CancellationToken cancellation)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await client.ConnectAsync(host, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false; // refused or unreachable: nobody accepts there
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return false; // no answer within the probe's time
        }
    }
}
