using System.Runtime.InteropServices;

namespace Tuner.Cli.Terminal;

/// <summary>The size of the terminal behind standard error, asked of the kernel each time (a resized window is
/// seen at the next draw). .NET's <see cref="Console.WindowWidth"/> asks standard output, which is a file when
/// <c>tuner run --json &gt; results.json</c> draws its progress on a terminal stderr.</summary>
internal static class TerminalSize
{
    private const int StandardError = 2;
    private const uint LinuxGetWindowSize = 0x5413; // TIOCGWINSZ on every Linux architecture .NET runs on

    public const int FallbackColumns = 80;
    public const int FallbackRows = 24;

    /// <summary>(columns, rows) of stderr's terminal; the fallback 80×24 when it has none or reports 0.</summary>
    public static (int Columns, int Rows) Current()
    {
        var (columns, rows) = Ask();
        return (columns > 0 ? columns : FallbackColumns, rows > 0 ? rows : FallbackRows);
    }

    private static (int Columns, int Rows) Ask()
    {
        try
        {
            // ioctl is variadic: a fixed-signature P/Invoke is only safe where variadic and plain calls agree, which
            // holds on Linux (x64, arm64) and not on Apple silicon; elsewhere .NET's own answer is used.
            if (OperatingSystem.IsLinux() && GetWindowSize(StandardError, LinuxGetWindowSize, out var size) == 0)
                return (size.Columns, size.Rows);
            return (Console.WindowWidth, Console.WindowHeight);
        }
        catch (Exception e) when (e is IOException or DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException or InvalidOperationException)
        {
            return (0, 0);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort PixelWidth;
        public ushort PixelHeight;
    }

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int GetWindowSize(int fd, nuint request, out WindowSize size);
}
