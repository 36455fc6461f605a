using System.Net.Sockets;
using Akka.Remote.Transport;
using Tuner.Cli.Hosting.Downing;

namespace Tuner.Cli.Tests.Hosting;

public sealed class ConnectionRefusalTests
{
    [Fact]
    public void A_refused_connect_is_recognized_as_the_socket_error_and_as_Akka_Remotes_text_of_it()
    {
        Assert.True(ConnectionRefusal.IsRefusal(new SocketException((int)SocketError.ConnectionRefused)));
        // The TCP transport keeps only the socket error's text, wrapped in the endpoint's failure.
        var transport = new InvalidAssociationException("Connection refused tcp://tuner@127.0.0.1:5001");
        Assert.True(ConnectionRefusal.IsRefusal(new Exception("Association failed", transport)));
    }

    [Fact]
    public void A_timeout_a_reset_or_no_error_is_not_a_refusal()
    {
        Assert.False(ConnectionRefusal.IsRefusal(new SocketException((int)SocketError.TimedOut)));
        Assert.False(ConnectionRefusal.IsRefusal(new SocketException((int)SocketError.ConnectionReset)));
        Assert.False(ConnectionRefusal.IsRefusal(new InvalidAssociationException("Connection timed out tcp://tuner@127.0.0.1:5001")));
        Assert.False(ConnectionRefusal.IsRefusal((Exception?)null));
    }
}
