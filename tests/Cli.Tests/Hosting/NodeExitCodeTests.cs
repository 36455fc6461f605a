using Akka.Actor;
using Tuner.Cli.Hosting;

namespace Tuner.Cli.Tests.Hosting;

public sealed class NodeExitCodeTests
{
    [Fact]
    public void A_node_that_ended_by_itself_exits_1_and_one_asked_to_stop_0()
    {
        // Downed, never joined, or left with no coordinator, it exited 0: systemd's Restart=on-failure left it stopped.
        Assert.Equal(ExitCodes.RuntimeFailure, NodeExitCode.Of(stopRequested: false));
        Assert.Equal(ExitCodes.Success, NodeExitCode.Of(stopRequested: true));
        Assert.Equal("it could not join the cluster: no seed answered", NodeExitCode.Why(CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance));
        Assert.Equal("the cluster removed it (downed, or it left)", NodeExitCode.Why(CoordinatedShutdown.ClusterDowningReason.Instance));
    }
}
