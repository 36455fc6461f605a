using System.Globalization;

namespace Tuner.Cli.Tests.Support;

/// <summary>Whether a process started by these tests can be interrupted at all. A non-interactive shell starts its
/// background commands with SIGINT ignored (<c>./build.sh test &amp;</c>, <c>nohup … &amp;</c>), every descendant inherits
/// that, and <c>tuner</c> — rightly, as any program started in the background — then never sees Ctrl-C: a Ctrl-C test
/// would only time out. It fails at once instead, saying why.</summary>
internal static class InterruptSignal
{
    public static void RequireDeliverable()
    {
        if (Problem is { } problem) throw new InvalidOperationException(problem);
    }

    // Read once: the test process's ignored signals do not change while it runs.
    private static readonly string? Problem = Read();

    private static string? Read()
    {
        const string field = "SigIgn:";
        if (!File.Exists("/proc/self/status")) return null; // not Linux: nothing to read, nothing known to be wrong
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        if (line is null || !ulong.TryParse(line[field.Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ignored)) return null;
        const ulong sigint = 1UL << (2 - 1);
        return (ignored & sigint) == 0 ? null :
            "SIGINT is ignored in the test process (/proc/self/status " + line.Replace('\t', ' ').Trim() + "), so every process it starts ignores Ctrl-C too: " +
            "run the tests in the foreground, not as a background command of a non-interactive shell (`cmd &`, `nohup cmd &`)";
    }
}
