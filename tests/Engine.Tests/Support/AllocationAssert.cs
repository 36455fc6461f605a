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
        // allocate once on the calling thread: windows in CI runs saw 8,008 and 8,152 bytes). Steady state is when 40
        // rounds and a quiet pause (the background tier-1 compiles wait for a quiet 100 ms) compiled no method at all;
        // on a loaded machine the tier-1 compiles come late, so this waits for them rather than for a fixed time.
        for (var pause = 0; pause < 20; pause++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            for (var i = 0; i < 40; i++) round();
            Thread.Sleep(300);
            if (pause >= 1 && System.Runtime.JitInfo.GetCompiledMethodCount() == compiled) break;
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
