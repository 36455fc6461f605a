using Akka.Actor;
using Tuner.Cli.Hosting;

namespace Tuner.Cli.Tests.Hosting;

public sealed class NodeExitCodeTests
{
    [Fact]
    public void A_node_the_cluster_ended_exits_1_and_a_requested_stop_0()
    {
        // Downed or never joined, it exited 0: systemd's Restart=on-failure left it stopped.
        Assert.Equal(ExitCodes.RuntimeFailure, NodeExitCode.Of(CoordinatedShutdown.ClusterDowningReason.Instance));
        Assert.Equal(ExitCodes.RuntimeFailure, NodeExitCode.Of(CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance));
        Assert.Equal(ExitCodes.Success, NodeExitCode.Of(CoordinatedShutdown.ClusterLeavingReason.Instance));
        Assert.Equal(ExitCodes.Success, NodeExitCode.Of(CoordinatedShutdown.ClrExitReason.Instance));
        Assert.Equal(ExitCodes.Success, NodeExitCode.Of((CoordinatedShutdown.Reason?)null));
    }
}
