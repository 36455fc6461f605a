using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Tuner.Cli.Tests.Processes;

namespace Tuner.Cli.Tests.Terminal;

/// <summary>A command run in a real pseudo-terminal, as a user's shell runs it: util-linux <c>script</c>
/// allocates the pty (stdin, stdout and stderr of the command are its slave side), <c>stty</c> sets its size,
/// and what the command draws is kept byte for byte. Keys (Ctrl-C) are typed into the pty through
/// <c>script</c>'s stdin, so the terminal's line discipline turns them into signals as it would for a user.</summary>
internal sealed partial class PseudoTerminal : IDisposable
{
    private readonly Process _script;
    private readonly StringBuilder _output = new();
    private readonly Task _reader;

    private PseudoTerminal(string command, string? alongside, int columns, int rows, IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        var psi = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        // -q quiet, -f flush as written, -e the command's exit code, -c the command; the typescript goes nowhere.
        foreach (var arg in new[] { "-qfec", $"stty cols {columns} rows {rows}; {(alongside is null ? "" : $"({alongside}) & ")}exec {command}", "/dev/null" }) psi.ArgumentList.Add(arg);
        psi.Environment["SHELL"] = "/bin/sh";
        psi.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment)
        {
            if (value is null) psi.Environment.Remove(key);
            else psi.Environment[key] = value;
        }
        _script = Process.Start(psi)!;
        _reader = Task.Run(ReadAsync);
        _script.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Append("[script] ").Append(e.Data).Append('\n'); };
        _script.BeginErrorReadLine();
    }

    /// <summary>The tuner.dll the solution build produced, run in a pty <paramref name="columns"/> wide.</summary>
    /// <param name="environment">Variables to set, or to remove (null); TERM is xterm-256color, colors on and a UTF-8
    /// locale unless said otherwise, as in a typical desktop terminal.</param>
    /// <param name="alongside">A shell command run in the pty beside the command (e.g. <c>sleep 3; stty cols 40</c>:
    /// the window resized, which signals the command with SIGWINCH as a terminal emulator does).</param>
    public static PseudoTerminal StartTuner(IEnumerable<string> args, string workingDirectory, int columns = 160, int rows = 40,
        IReadOnlyDictionary<string, string?>? environment = null, string? alongside = null) =>
        Start($"dotnet {Quote(TunerProcess.TunerDll)} {string.Join(' ', args.Select(Quote))}", workingDirectory, columns, rows, environment, alongside);

    /// <summary>A shell command line, run as typed (e.g. <c>./tuner run examples/quick-sine.json</c>).</summary>
    public static PseudoTerminal Start(string commandLine, string workingDirectory, int columns = 160, int rows = 40,
        IReadOnlyDictionary<string, string?>? environment = null, string? alongside = null)
    {
        var env = new Dictionary<string, string?> { ["TERM"] = "xterm-256color", ["NO_COLOR"] = null, ["LANG"] = "C.UTF-8", ["LC_ALL"] = null, ["LC_CTYPE"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) env[key] = value;
        return new PseudoTerminal(commandLine, alongside, columns, rows, env, workingDirectory);
    }

    /// <summary>Everything the terminal received so far, escape sequences and carriage returns included.</summary>
    public string Raw
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>What the output says with the escape sequences taken out (carriage returns kept).</summary>
    public string Text => StripEscapes(Raw);

    /// <summary><paramref name="raw"/> without escape sequences: every frame drawn is still there, one after the other.</summary>
    public static string StripEscapes(string raw) => EscapeSequence().Replace(raw, "");

    /// <summary>Types <paramref name="keys"/> into the terminal (e.g. "\u0003" for Ctrl-C).</summary>
    public void Type(string keys)
    {
        if (keys.Contains('\u0003', StringComparison.Ordinal)) Support.InterruptSignal.RequireDeliverable();
        _script.StandardInput.Write(keys);
        _script.StandardInput.Flush();
    }

    public async Task WaitForAsync(Func<string, bool> seen, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!seen(Raw))
        {
            if (_script.HasExited) { await _reader; if (seen(Raw)) return; throw new TimeoutException($"exited before {what}:\n{Text}"); }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {what} within {timeout}:\n{Text}");
            await Task.Delay(100);
        }
    }

    public bool HasExited => _script.HasExited;

    /// <summary>The command's exit code (script -e passes it on).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _script.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"still running after {timeout}:\n{Text}"); }
        await _reader;
        return _script.ExitCode;
    }

    public void Dispose()
    {
        if (!_script.HasExited) _script.Kill(entireProcessTree: true);
        _script.Dispose();
    }

    public override string ToString() => Text;

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        var stream = _script.StandardOutput.BaseStream;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            var count = decoder.GetChars(buffer, 0, n, chars, 0);
            lock (_output) _output.Append(chars, 0, count);
        }
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";

    // CSI sequences (colors, cursor movement, erase), OSC titles and keypad modes.
    [GeneratedRegex(@"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>]")]
    private static partial Regex EscapeSequence();
}
