namespace Tuner.Cli.Terminal;

/// <summary>.NET's console switches the terminal into keypad-transmit mode (terminfo <c>smkx</c>, <c>ESC[?1h ESC=</c>)
/// the first time the process uses it and never switches it back (dotnet/corefx#32805): after the command, the
/// shell's arrow keys arrive as <c>ESC O A</c>, which an .inputrc written for the normal mode does not bind. So the
/// process leaves the terminal as a shell expects it: <c>rmkx</c> at exit, to the terminal the runtime wrote to (its
/// stdout, else its stdin's). Every terminal type that has <c>smkx</c> in Debian's terminfo (xterm, screen, tmux,
/// vt100, rxvt) has this <c>rmkx</c>; a dumb terminal gets nothing, as it got nothing from the runtime.</summary>
internal static class KeypadMode
{
    private static readonly byte[] Local = "\u001b[?1l\u001b>"u8.ToArray();

    /// <summary>Once, in the real process (not in tests that run commands in theirs).</summary>
    public static void RestoreAtExit()
    {
        if (OperatingSystem.IsWindows()) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Restore();
    }

    private static void Restore()
    {
        if (Environment.GetEnvironmentVariable("TERM") is not { Length: > 0 } term || term == "dumb") return;
        try
        {
            if (!Console.IsOutputRedirected)
            {
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(Local);
            }
            else if (!Console.IsInputRedirected)
            {
                using var tty = new FileStream("/dev/tty", FileMode.Open, FileAccess.Write);
                tty.Write(Local);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No terminal to restore after all (it went away, or is not ours to write).
        }
    }
}
