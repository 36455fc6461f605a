using System.Net.Sockets;

namespace Tuner.Cli.Hosting.Downing;

/// <summary>Whether a failed association says that nothing listens at the remote address: the connection was refused,
/// so the process that was there is gone (a timeout or a reset says nothing of the kind).</summary>
public static class ConnectionRefusal
{
    /// <summary>Akka.Remote's TCP transport turns a refused connect into an exception that carries only the socket
    /// error's text ("Connection refused tcp://…"), not the SocketException itself; both forms are recognized.</summary>
    private const string RefusedText = "Connection refused";

    public static bool IsRefusal(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
            if (e.Message.StartsWith(RefusedText, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
