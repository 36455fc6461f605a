using Tuner.Cli.Hosting.Orphans;

namespace Tuner.Cli.Tests.Hosting;

public sealed class OrphanedWorkerPolicyTests
{
    [Theory]
    [InlineData(true, true, 0, true)]    // the last coordinator left: leave, to join the cluster it forms next
    [InlineData(true, true, 1, false)]   // one is left (a rolling restart of several)
    [InlineData(false, true, 0, false)]  // not Up: leaving or joining already
    [InlineData(true, false, 0, false)]  // never saw one: a worker started first waits for the coordinators
    public void A_worker_leaves_only_a_cluster_whose_coordinators_all_left(bool selfUp, bool sawCoordinator, int coordinators, bool leaves) =>
        Assert.Equal(leaves, OrphanedWorkerPolicy.ShouldLeave(selfUp, sawCoordinator, coordinators));
}
