namespace Tuner.Engine.Tests.Support;

/// <summary>Checks that a repeated piece of work allocates nothing once it has warmed up.</summary>
internal static class AllocationAssert
{
    /// <summary>
    /// Runs <paramref name="round"/> to its steady state, then asserts that each of three windows of 20
    /// rounds allocated no bytes on the calling thread: an allocation now and then (a buffer regrown every
    /// few steps, a cache refilled) is an allocation too. <paramref name="what"/> names the rounds in the
    /// message ("rounds", "steps").
    /// </summary>
    public static void NoneInSteadyState(Action round, string what)
    {
        // Warm-up: workspaces grow to their size and the code reaches its final tier (the runtime's tier-up can
        // allocate once on the calling thread: one window in a CI run saw 8,008 bytes).
        // Two quiet pauses, each after enough rounds for the runtime to count calls, promote them and install the
        // tier-1 code, so that no tier-up is left to happen inside a window.
        for (var pause = 0; pause < 2; pause++)
        {
            for (var i = 0; i < 40; i++) round();
            Thread.Sleep(300); // the background tier-1 compiles wait for a quiet 100 ms
        }
        for (var i = 0; i < 40; i++) round();
        var windows = new long[3];
        for (var w = 0; w < windows.Length; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++) round();
            windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(Array.TrueForAll(windows, bytes => bytes == 0), $"bytes allocated per window of 20 {what}: {string.Join(", ", windows)}");
    }
}
