using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tuner.Cli.Tests.Commands;
using Tuner.Cli.Tests.Processes;
using Tuner.Contracts.Protocol;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Client;

/// <summary>A 200 MB CSV job submitted with <c>tuner submit</c> to a coordinator process completes on a worker process
/// (PRODUCT.md §9): the file goes up with <c>PUT /api/datasets</c>, streamed into the coordinator's blob store, and the
/// coordinator's resident memory stays below 3× its idle size + 64 MB during the upload (sampled from /proc); the worker
/// fetches the dataset in chunks. The CSV is wide — 22,000 rows of 1,000 columns, the job forecasting one of them — so
/// the size is real while training stays seconds long.</summary>
[Collection(ProcessTests.Name)]
public sealed class LargeDatasetSubmitTests(ITestOutputHelper output)
{
    private const int Rows = 22_000;
    private const int Columns = 1_000;

    [Fact]
    public async Task A_200_MB_csv_job_submits_with_bounded_coordinator_memory_and_completes_on_a_worker()
    {
        using var bed = new ClusterTestBed();
        var csvPath = Path.Combine(bed.Directory, "wide.csv");
        long bytes = WriteWideCsv(csvPath);
        Assert.True(bytes >= 200_000_000, $"the CSV is {bytes} bytes");
        var specPath = Path.Combine(bed.Directory, "wide-job.json");
        await File.WriteAllTextAsync(specPath, """
            {
              "name": "wide-csv",
              "seed": 2,
              "data": { "kind": "csv", "path": "wide.csv", "target": "c0" },
              "window": 5,
              "searchSpace": { "units": { "type": "choice", "values": [4] } },
              "algorithm": { "type": "random", "maxTrials": 1, "epochs": 1 }
            }
            """);

        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        bed.StartWorker(coordinator.Seed);
        await Task.Delay(TimeSpan.FromSeconds(2)); // past start-up's allocations
        long idle = Rss(coordinator.Process.Pid);

        long peak = idle;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss(coordinator.Process.Pid));
                await Task.Delay(10);
            }
        });
        var clock = Stopwatch.StartNew();
        var (code, stdout, stderr) = await CliRunner.RunAsync("submit", specPath, "--server", coordinator.Api);
        var took = clock.Elapsed;
        sampling.Cancel();
        await sampler;
        Assert.True(code == 0, $"exit {code}: {stderr}\n{bed.Diagnostics()}");
        Assert.Contains("uploaded wide.csv", stderr);
        long bound = 3 * idle + 64L * 1024 * 1024;
        output.WriteLine($"{bytes / 1e6:F0} MB uploaded and submitted in {took.TotalSeconds:F1} s; coordinator RSS idle {idle / 1e6:F0} MB, peak {peak / 1e6:F0} MB, bound {bound / 1e6:F0} MB");
        Assert.True(peak < bound, $"the coordinator's RSS peaked at {peak / 1e6:F0} MB during the upload; idle {idle / 1e6:F0} MB, bound 3× idle + 64 MB = {bound / 1e6:F0} MB");

        var id = stdout.Trim();
        var final = await bed.WaitForJobAsync(coordinator.Api, id, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(240), "the wide job to end");
        Assert.True((string?)final["status"] == "completed", $"{final.ToJsonString()}\n{bed.Diagnostics()}");
        Assert.Equal(1, (int)final["trialsFinished"]!);
    }

    /// <summary>Resident set size of a process, from /proc (Linux).</summary>
    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException($"no VmRSS for pid {pid}");
    }

    private static long WriteWideCsv(string path)
    {
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            var header = new StringBuilder();
            for (int c = 0; c < Columns; c++) header.Append(c == 0 ? "" : ",").Append('c').Append(c);
            writer.Write(header.Append('\n'));
            var row = new StringBuilder();
            for (int r = 0; r < Rows; r++)
            {
                row.Clear();
                double value = Math.Sin(0.1 * r);
                for (int c = 0; c < Columns; c++) row.Append(c == 0 ? "" : ",").Append((value + c * 0.001).ToString("F6", CultureInfo.InvariantCulture));
                writer.Write(row.Append('\n'));
            }
        }
        return new FileInfo(path).Length;
    }
}
