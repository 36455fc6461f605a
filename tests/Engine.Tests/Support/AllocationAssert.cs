namespace Tuner.Engine.Tests.Support;

/// <summary>Checks that a repeated piece of work allocates nothing once it has warmed up.</summary>
internal static class AllocationAssert
{
    /// <summary>
    /// Runs <paramref name="round"/> to its steady state, then asserts that at least one of three
    /// windows of 20 rounds allocated no bytes on the calling thread; <paramref name="what"/> names
    /// the rounds in the message ("rounds", "steps").
    /// </summary>
    public static void NoneInSteadyState(Action round, string what)
    {
        // Warm-up: workspaces grow to their size and the code reaches its final tier (the runtime's tier-up can
        // allocate once on the calling thread: one window in a CI run saw 8,008 bytes).
        for (var i = 0; i < 40; i++) round();
        Thread.Sleep(300); // the background tier-1 compiles wait for a quiet 100 ms
        for (var i = 0; i < 40; i++) round();
        // Three windows of 20 rounds: an allocation in the work itself shows in every window.
        var windows = new long[3];
        for (var w = 0; w < windows.Length; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++) round();
            windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(windows.Min() == 0, $"bytes allocated per window of 20 {what}: {string.Join(", ", windows)}");
    }
}
