using Tuner.Cli.Tests.Processes;

namespace Tuner.Cli.Tests.Terminal;

/// <summary>The terminal after a command: .NET's console switches it to keypad-transmit mode (<c>smkx</c>) and the
/// command switches it back (<c>rmkx</c>) before it exits, whichever of its streams are the terminal.</summary>
[Collection(ProcessTests.Name)]
public sealed class KeypadModeTerminalTests
{
    private const string Transmit = "\u001b[?1h\u001b=";
    private const string Local = "\u001b[?1l\u001b>";

    [Theory]
    [InlineData("", "the version on the terminal")]
    [InlineData(" > /dev/null 2>&1", "stdout and stderr elsewhere: the runtime wrote to stdin's terminal")]
    [InlineData(" < /dev/null", "stdin elsewhere")]
    public async Task A_command_leaves_the_terminal_in_the_normal_keypad_mode(string redirections, string why)
    {
        using var pty = PseudoTerminal.Start($"dotnet '{TunerProcess.TunerDll}' --version{redirections}", Path.GetTempPath());
        Assert.True(await pty.WaitForExitAsync(TimeSpan.FromMinutes(1)) == 0, pty.Raw);
        var raw = pty.Raw;
        var switchedOn = raw.LastIndexOf(Transmit, StringComparison.Ordinal);
        Assert.True(switchedOn >= 0, $"{why}: the runtime did not switch keypad mode on, so this test shows nothing: {Escaped(raw)}");
        Assert.True(raw.IndexOf(Local, switchedOn, StringComparison.Ordinal) > switchedOn, $"{why}: never switched back: {Escaped(raw)}");
    }

    [Fact]
    public async Task A_dumb_terminal_gets_neither_sequence()
    {
        using var pty = PseudoTerminal.Start($"dotnet '{TunerProcess.TunerDll}' --version", Path.GetTempPath(), environment: new Dictionary<string, string?> { ["TERM"] = "dumb" });
        Assert.True(await pty.WaitForExitAsync(TimeSpan.FromMinutes(1)) == 0, pty.Raw);
        Assert.DoesNotContain("\u001b", pty.Raw);
    }

    private static string Escaped(string raw) => raw.Replace("\u001b", "ESC");
}
