namespace Tuner.Cli.Tests.Processes;

/// <summary>The trait of the tests that run clusters of coordinator and worker processes (<c>[Trait(ClusterLane.Trait,
/// ClusterLane.Value)]</c>). <c>./build.sh test</c> runs them in a test process of their own, one at a time as ever,
/// beside the run of every other test: they spend most of their time waiting (failure detection, fail-overs, restarts,
/// database outages), so the two runs share the cores instead of taking turns. Its filters name this trait.</summary>
public static class ClusterLane
{
    public const string Trait = "Lane";
    public const string Value = "cluster";
}
