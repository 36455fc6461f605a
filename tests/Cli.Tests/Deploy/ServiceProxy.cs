using System.Net;
using System.Net.Sockets;

namespace Tuner.Cli.Tests.Deploy;

/// <summary>A Service's virtual address for a client outside the pods (<c>tuner watch --server</c>): a port on loopback
/// that forwards each TCP connection to one of the Service's endpoints at the time (round robin), as kube-proxy does.
/// A connection stays with its pod: when the pod dies, the connection breaks and the client's next one goes to another.
/// With no endpoint a connection is closed at once (kube-proxy rejects it).</summary>
internal sealed class ServiceProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<IReadOnlyList<Uri>> _endpoints;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;

    public ServiceProxy(Func<IReadOnlyList<Uri>> endpoints)
    {
        _endpoints = endpoints;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptAsync()
    {
        try
        {
            while (true) _ = ForwardAsync(await _listener.AcceptTcpClientAsync(_stop.Token));
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            var endpoints = _endpoints();
            if (endpoints.Count == 0) return;
            var target = endpoints[Interlocked.Increment(ref _next) % endpoints.Count];
            using var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(target.Host, target.Port, _stop.Token);
                var fromClient = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
                var fromPod = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(fromClient, fromPod); // either side gone: the connection is over
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException) { }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _accepting.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
