namespace Tuner.Engine.Tests.Support;

/// <summary>Checks that a repeated piece of work allocates nothing once it has warmed up.</summary>
internal static class AllocationAssert
{
    /// <summary>
    /// Runs <paramref name="round"/> to its steady state, then asserts that each of three windows of 20
    /// rounds allocated no bytes on the calling thread: an allocation now and then (a buffer regrown every
    /// few steps, a cache refilled) is an allocation too. A window that allocated while the runtime was compiling
    /// methods is measured again (up to five times). <paramref name="what"/> names the rounds in the message
    /// ("rounds", "steps").
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
        for (var attempt = 1; ; attempt++)
        {
            var windows = new long[3];
            var compiled = new long[3];
            for (var w = 0; w < windows.Length; w++)
            {
                var compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < 20; i++) round();
                windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
                // A tier-up the window triggered is compiled in the background, after the window: wait for it.
                if (windows[w] != 0) Thread.Sleep(300);
                compiled[w] = System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore;
            }
            if (Array.TrueForAll(windows, bytes => bytes == 0)) return;
            // The runtime still compiled methods during a window that allocated (a late tier-up even after the quiet
            // pause above; the full suite saw 8,152 bytes in a first window): that window says nothing about the work,
            // so measure again. An allocation while nothing was compiled fails at once, and one that recurs fails after
            // five measurements.
            var onlyWhileCompiling = true;
            for (var w = 0; w < windows.Length; w++)
                if (windows[w] != 0 && compiled[w] == 0) onlyWhileCompiling = false;
            if (onlyWhileCompiling && attempt < 5) continue;
            Assert.Fail($"bytes allocated per window of 20 {what}: {string.Join(", ", windows)} (methods compiled meanwhile: {string.Join(", ", compiled)}; measurement {attempt})");
        }
    }
}
