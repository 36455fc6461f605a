using System.Net;
using System.Net.Sockets;

namespace Tuner.Cli.Tests.Processes;

/// <summary>Listens on a loopback port and relays every connection to <paramref name="target"/>: a server that "comes
/// up" at a given moment on an address where nothing listened before (a PostgreSQL pod becoming Ready).</summary>
internal sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];

    public TcpForwarder(int port, DnsEndPoint target)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _ = AcceptAsync(target);
    }

    /// <summary>Connections relayed so far.</summary>
    public int Connections { get { lock (_connections) return _connections.Count / 2; } }

    private async Task AcceptAsync(DnsEndPoint target)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                lock (_connections) _connections.AddRange([client, server]);
                await server.ConnectAsync(target.Host, target.Port, _stop.Token);
                _ = Pump(client.GetStream(), server.GetStream());
                _ = Pump(server.GetStream(), client.GetStream());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { /* stopped */ }
    }

    private async Task Pump(NetworkStream from, NetworkStream to)
    {
        try { await from.CopyToAsync(to, _stop.Token); }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException) { }
        finally { to.Socket.Shutdown(SocketShutdown.Send); }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections) foreach (var connection in _connections) connection.Dispose();
    }
}
