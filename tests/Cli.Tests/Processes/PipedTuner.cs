using System.Diagnostics;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A <c>tuner</c> command run as a process with text piped to its standard input (the in-process runner's
/// standard input is the test host's): <c>tuner predict --data -</c>, <c>tuner submit -</c>.</summary>
internal static class PipedTuner
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(string input, IEnumerable<string> args,
        string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in (string[])[TunerProcess.TunerDll, .. args]) start.ArgumentList.Add(arg);
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // not left running after the test that gave up on it
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
