using System.Diagnostics;

namespace Tuner.Cli.Tests.Processes;

/// <summary><c>tuner run</c> piped with its logs (<c>2&gt;&amp;1</c>, as in CI logs or <c>| tee</c>): the results are
/// the last thing printed. The local node's shutdown used to log after them ("CoordinatedShutdown invoked …", "Worker
/// local-1 is leaving …"), so the summary a user reads first was not at the end.</summary>
[Collection(ProcessTests.Name)]
public sealed class RunOutputOrderTests
{
    [Fact]
    public async Task Piped_with_its_logs_a_run_ends_with_its_results_not_with_shutdown_logs()
    {
        var dir = Directory.CreateTempSubdirectory("tuner-order-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "job.json"), Terminal.LiveViewTerminalTests.Job);
            var start = new ProcessStartInfo("bash", ["-c", $"dotnet '{TunerProcess.TunerDll}' run job.json --workers 2 --db t.db --out out 2>&1"])
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, output);
            var lines = output.TrimEnd('\n').Split('\n');
            Assert.StartsWith("wrote results.json", lines[^1]);
            var best = Array.FindLastIndex(lines, l => l.StartsWith("best trial", StringComparison.Ordinal));
            Assert.True(best > 0, output);
            Assert.DoesNotContain(lines[best..], l => l.StartsWith('[')); // no log line after the results began
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
