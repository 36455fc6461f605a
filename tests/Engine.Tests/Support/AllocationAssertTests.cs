namespace Tuner.Engine.Tests.Support;

/// <summary>The allocation check itself: work that allocates only now and then fails it, as work that allocates every
/// round does; work that allocates nothing passes.</summary>
public sealed class AllocationAssertTests
{
    [Fact]
    public void Work_that_allocates_once_in_a_while_fails()
    {
        // One array every 50 rounds: two of the three windows of 20 rounds see none, one sees it.
        int rounds = 0;
        object? kept = null;
        void Round()
        {
            if (++rounds % 50 == 0) kept = new byte[64];
        }
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AllocationAssert.NoneInSteadyState(Round, "rounds"));
        GC.KeepAlive(kept);
    }

    [Fact]
    public void Work_that_allocates_nothing_passes()
    {
        var buffer = new float[256];
        AllocationAssert.NoneInSteadyState(() => buffer.AsSpan().Fill(1f), "rounds");
    }
}
