using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tuner.Cli.Tests.Processes;

namespace Tuner.Cli.Tests.Terminal;

/// <summary><c>tuner run</c>, <c>watch</c> and <c>plan</c> as a user runs them: the real binary in a pseudo-terminal,
/// whose output is read back byte for byte. Every process test redirects stderr, which turns the live view off; these
/// are the tests that see it.</summary>
[Collection(ProcessTests.Name)]
public sealed partial class LiveViewTerminalTests : IDisposable
{
    // Hyperband R=27, η=3 on a small model: 49 trials, 357 epochs, a few seconds of training here (long enough for
    // several redraws and for a Ctrl-C in the middle).
    internal const string Job = """
        {
          "name": "pty-sine",
          "seed": 7,
          "data": { "kind": "sine", "length": 2000, "noise": 0.1 },
          "window": 8,
          "searchSpace": {
            "units":         { "type": "int",   "min": 8,    "max": 48,   "step": 8 },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 2e-2, "sampling": "log" }
          },
          "algorithm": { "type": "hyperband", "maxEpochs": 27, "factor": 3, "iterations": 1 }
        }
        """;

    /// <summary>The same search at R = 9 (17 trials, 69 epochs): for tests of how the view is drawn, which need a few
    /// redraws and the end, not a Ctrl-C in the middle.</summary>
    private static readonly string SmallJob = Job.Replace("\"maxEpochs\": 27", "\"maxEpochs\": 9", StringComparison.Ordinal);

    private const int PlannedEpochs = 357;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-pty-").FullName;

    public LiveViewTerminalTests()
    {
        File.WriteAllText(Path.Combine(_dir, "job.json"), Job);
        File.WriteAllText(Path.Combine(_dir, "small.json"), SmallJob);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static readonly string[] RunArgs = ["run", "job.json", "--workers", "2", "--db", "tuner.db", "--out", "out"];
    private static readonly string[] SmallRunArgs = ["run", "small.json", "--workers", "2", "--db", "tuner.db", "--out", "out"];

    [Fact]
    public async Task Run_draws_a_live_view_redrawn_in_place_and_ends_with_the_best_trials()
    {
        using var pty = PseudoTerminal.StartTuner(RunArgs, _dir);
        Assert.True(await pty.WaitForExitAsync(RunTimeout) == 0, pty.Text);

        var raw = pty.Raw;
        Assert.True(CursorUps(raw) >= 3, $"expected the view redrawn in place at least 3 times:\n{pty.Text}");
        var text = pty.Text;
        // The overall bar, the job line and a trial line (id, bracket/round, epoch k/n, latest val_loss, hyperparameters).
        Assert.Matches(@"━+─*\s+\d+% \d+/357 epochs · ETA", text);
        Assert.Matches(@"pty-sine: \d+ trials?, \d+ running(, \d+ waiting)?, \d+ done · \d:\d\d", text);
        Assert.Matches(@"  t-\d{4} b\d r\d epoch \d+/\d+ val_loss (-|[0-9.e-]+)  units=\d+ lr=0\.\d+", text);
        // What stays: the final bar and job line, then the table on stdout.
        var tail = text[text.LastIndexOf("357/357 epochs", StringComparison.Ordinal)..];
        Assert.Contains("completed", tail);
        Assert.Contains("best trial", tail);
        Assert.Contains("49 trials, 357 epochs trained, job completed", tail);
        // Information logs do not tear the view.
        Assert.DoesNotContain("Running job", text);
        Assert.DoesNotContain("Exception", text);
    }

    [Fact]
    public async Task Ctrl_C_hands_back_and_exits_130_and_the_same_command_resumes_from_where_the_job_is()
    {
        int interruptedAt;
        using (var pty = PseudoTerminal.StartTuner(RunArgs, _dir))
        {
            await pty.WaitForAsync(raw => TrainedEpochs(raw).LastOrDefault() >= 30, RunTimeout, "30 epochs trained");
            pty.Type("\u0003");
            Assert.True(await pty.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 130, pty.Text);
            Assert.Contains("interrupted", pty.Text);
            interruptedAt = TrainedEpochs(pty.Raw).Last();
            Assert.True(interruptedAt < PlannedEpochs, $"the job finished before the interrupt:\n{pty.Text}");
        }

        using (var again = PseudoTerminal.StartTuner(RunArgs, _dir))
        {
            Assert.True(await again.WaitForExitAsync(RunTimeout) == 0, again.Text);
            // The view starts where the job is: its first count is what the interrupted run had trained (hand-backs
            // keep their epochs), not 0.
            var first = TrainedEpochs(again.Raw).First();
            Assert.True(first >= interruptedAt - 2 && first > 0, $"first count {first}, interrupted at {interruptedAt}:\n{again.Text}");
            Assert.Contains("best trial", again.Text);
        }
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "out", "results.json")))!;
        ScheduleAssert.MatchesPlan(results, maxEpochs: 27, factor: 3);
        Assert.Equal(PlannedEpochs, (int)results["totalEpochs"]!);
    }

    public static TheoryData<string, int, string, string?, string> Terminals() => new()
    {
        // name, columns, TERM, NO_COLOR, LANG
        { "40 columns", 40, "xterm-256color", null, "C.UTF-8" },
        { "TERM=dumb", 100, "dumb", null, "C.UTF-8" },
        { "NO_COLOR", 100, "xterm-256color", "1", "C.UTF-8" },
        { "non-UTF-8 locale", 100, "xterm-256color", null, "C" },
    };

    [Theory]
    [MemberData(nameof(Terminals))]
    public async Task Run_degrades_on_narrow_plain_or_ascii_terminals_and_never_throws(string name, int columns, string term, string? noColor, string lang)
    {
        using var pty = PseudoTerminal.StartTuner(SmallRunArgs, _dir, columns, rows: 24,
            new Dictionary<string, string?> { ["TERM"] = term, ["NO_COLOR"] = noColor, ["LANG"] = lang });
        Assert.True(await pty.WaitForExitAsync(RunTimeout) == 0, $"{name}:\n{pty.Text}");
        var raw = pty.Raw;
        var text = pty.Text;
        // (The table's last line wraps in 40 columns.)
        Assert.Matches(@"17 trials, 69 epochs\s+trained, job\s+completed", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("error", text);
        var view = text[..text.IndexOf("best trial", StringComparison.Ordinal)];
        switch (name)
        {
            case "40 columns":
                // No line of the view wraps: every piece between line breaks and carriage returns fits.
                Assert.All(Pieces(view), piece => Assert.True(piece.Length <= 40, $"{piece.Length} columns: '{piece}'"));
                Assert.True(CursorUps(raw) >= 3, text);
                break;
            case "TERM=dumb":
                // No cursor movement, no colour: one line redrawn after carriage returns.
                Assert.DoesNotContain("\e[", raw[..raw.IndexOf("best trial", StringComparison.Ordinal)]);
                Assert.True(Regex.Count(view, "\r(?!\n)") >= 3, text);
                break;
            case "NO_COLOR":
                Assert.DoesNotMatch(@"\x1b\[[0-9;]*m", raw);
                Assert.True(CursorUps(raw) >= 3, text);
                break;
            case "non-UTF-8 locale":
                Assert.DoesNotContain("━", raw);
                Assert.DoesNotContain("·", view);
                Assert.Matches(@"#+-*\s+\d+% \d+/69 epochs - ETA", text);
                break;
        }
    }

    [Fact]
    public async Task A_terminal_narrowed_during_a_run_does_not_break_the_view()
    {
        // The window goes from 120 to 40 columns once the view has drawn its first wide frames (stty sets the pty's
        // size; the kernel sends SIGWINCH). The test says when by creating a file: a fixed delay raced the start-up
        // of the process on a loaded machine. (A background command's stdin is /dev/null, hence the redirection.)
        using var pty = PseudoTerminal.StartTuner(RunArgs, _dir, columns: 120, rows: 30,
            alongside: "while [ ! -e narrow-now ]; do sleep 0.05; done; stty cols 40 < /dev/tty");
        await pty.WaitForAsync(raw => Pieces(PseudoTerminal.StripEscapes(raw)).Any(piece => piece.Length > 40 && EpochCount().IsMatch(piece)), RunTimeout, "a wide frame of the view");
        File.WriteAllText(Path.Combine(_dir, "narrow-now"), "");
        Assert.True(await pty.WaitForExitAsync(RunTimeout) == 0, pty.Text);
        var text = pty.Text;
        Assert.Matches(@"357 epochs\s+trained, job\s+completed", text);
        var view = text[..text.IndexOf("best trial", StringComparison.Ordinal)];
        var pieces = Pieces(view).ToList();
        Assert.Contains(pieces, piece => piece.Length > 40);
        // Once narrowed, the last frames fit the new width.
        Assert.All(pieces.TakeLast(2), piece => Assert.True(piece.Length <= 40, $"{piece.Length} columns: '{piece}'"));
    }

    [Fact]
    public async Task Log_file_gets_the_information_lines_the_terminal_does_not_show()
    {
        using var pty = PseudoTerminal.StartTuner([.. SmallRunArgs, "--log-file", "run.log"], _dir);
        Assert.True(await pty.WaitForExitAsync(RunTimeout) == 0, pty.Text);
        Assert.DoesNotContain("Running job", pty.Text);
        var log = File.ReadAllText(Path.Combine(_dir, "run.log"));
        Assert.Contains("Running job pty-sine", log);
    }

    [Fact]
    public async Task Watch_follows_a_job_on_a_coordinator_live_and_ends_with_the_best_trials()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        bed.StartWorker(coordinator.Seed, slots: 2);
        var jobId = await bed.SubmitAsync(coordinator, Job);

        using var pty = PseudoTerminal.StartTuner(["watch", jobId, "--server", coordinator.Api], _dir);
        Assert.True(await pty.WaitForExitAsync(RunTimeout) == 0, pty.Text + "\n" + bed.Diagnostics());
        var text = pty.Text;
        Assert.True(CursorUps(pty.Raw) >= 3, text);
        Assert.Matches(@"  t-\d{4} b\d r\d epoch \d+/\d+ val_loss", text);
        Assert.Contains("357/357 epochs", text);
        Assert.Contains("best trial", text[text.LastIndexOf("357/357 epochs", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Watch_says_why_nothing_trains_the_job_and_stops_saying_it_once_a_worker_joins()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var jobId = await bed.SubmitAsync(coordinator, Job); // no worker yet: the bar would stand at 0 with nothing said
        // No worker; the coordinator names itself as the seed a worker would join.
        Assert.Equal($$"""{"workers":[],"seeds":["{{coordinator.Seed}}"]}""", (await bed.TryGet($"{coordinator.Api}/api/workers"))?.ToJsonString());

        using var pty = PseudoTerminal.StartTuner(["watch", jobId, "--server", coordinator.Api], _dir);
        var plain = bed.Track(new TunerProcess("watch-plain", ["watch", jobId, "--server", coordinator.Api], bed.Environment, bed.Directory));
        // A terminal that cannot move the cursor draws the view's first line only: the reason is said above it, once.
        using var dumb = PseudoTerminal.StartTuner(["watch", jobId, "--server", coordinator.Api], _dir, environment: new Dictionary<string, string?> { ["TERM"] = "dumb" });
        const string noWorker = "no worker has joined (start one";
        await pty.WaitForAsync(raw => PseudoTerminal.StripEscapes(raw).Contains(noWorker, StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the view to say no worker trains the job");
        Assert.Matches(@"no trial running for 0:1\d: no worker has joined \(start one: tuner worker --seeds", pty.Text);
        await bed.Until(() => Task.FromResult(plain.Stderr.Contains(noWorker, StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the plain watch to say it too");
        Assert.Single(plain.Stderr.Split('\n'), line => line.Contains("no trial running", StringComparison.Ordinal)); // once, not every few seconds
        await dumb.WaitForAsync(raw => raw.Contains(noWorker, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the TERM=dumb view to say it above its line");
        // The hint is the command to type: the worker below joins with the seed it names (it said ADDRESS).
        var seed = System.Text.RegularExpressions.Regex.Match(plain.Stderr, @"tuner worker --seeds (\S+)\)").Groups[1].Value;
        Assert.Equal(coordinator.Seed, seed);

        var worker = bed.StartWorker(seed, slots: 2);
        // The coordinator lists the worker by its id once it asks for work or trains: its two slots, idle or running.
        await bed.Until(async () => (await bed.TryGet($"{coordinator.Api}/api/workers"))?["workers"]?.AsArray() is [var w]
                && (string?)w!["id"] == ClusterTestBed.WorkerId(worker) && (int)w["idleSlots"]! + (int)w["running"]! == 2,
            TimeSpan.FromSeconds(60), "GET /api/workers to list the worker's two slots");
        Assert.True(await pty.WaitForExitAsync(RunTimeout) == 0, pty.Text + "\n" + bed.Diagnostics());
        Assert.Equal(0, await plain.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await dumb.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, dumb.Text);
        Assert.Single(dumb.Text.Split('\n'), line => line.Contains("no trial running", StringComparison.Ordinal));
        Assert.DoesNotContain("\e[", dumb.Raw[..dumb.Raw.IndexOf("best trial", StringComparison.Ordinal)]);
        var end = pty.Text[pty.Text.LastIndexOf("357/357 epochs", StringComparison.Ordinal)..];
        Assert.DoesNotContain("no trial running", end); // the final frame is the job's result
    }

    [Fact]
    public async Task Plan_prints_a_table_in_a_terminal()
    {
        using var pty = PseudoTerminal.StartTuner(["plan", "job.json"], _dir, columns: 80);
        Assert.True(await pty.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, pty.Text);
        var text = pty.Text;
        Assert.DoesNotContain("{\"brackets\"", text);
        Assert.Contains("bracket", text);
        Assert.Contains("357", text);
        using var json = PseudoTerminal.StartTuner(["plan", "job.json", "--json"], _dir, columns: 80);
        Assert.True(await json.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, json.Text);
        Assert.Contains("\"totalEpochs\":357}", json.Text);
        Assert.Contains("─", text);

        // A non-UTF-8 locale gets ASCII: the header's rule was '─' all the same.
        using var ascii = PseudoTerminal.StartTuner(["plan", "job.json"], _dir, columns: 80, environment: new Dictionary<string, string?> { ["LANG"] = "C" });
        Assert.True(await ascii.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, ascii.Text);
        Assert.Contains("bracket", ascii.Text);
        Assert.Contains("------", ascii.Text);
        Assert.DoesNotContain(ascii.Text, c => c > '~');

        // Iterations repeat the brackets: the total's line says how many (it gave twice the epochs without a word).
        using var twice = PseudoTerminal.StartTuner(["plan", "--max-epochs", "27", "--iterations", "2"], _dir, columns: 80);
        Assert.True(await twice.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, twice.Text);
        Assert.Contains("Hyperband maxEpochs=27 factor=3 iterations=2:", twice.Text);
    }

    /// <summary>How often the view moved the cursor up to redraw itself.</summary>
    private static int CursorUps(string raw) => CursorUp().Count(raw);

    /// <summary>Every "N/357 epochs" the view drew, in order.</summary>
    private static List<int> TrainedEpochs(string raw) =>
        EpochCount().Matches(PseudoTerminal.StripEscapes(raw)).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>What was drawn between line breaks and carriage returns (a pty turns "\n" into "\r\n").</summary>
    private static IEnumerable<string> Pieces(string text) => text.Split('\n', '\r').Where(piece => piece.Length > 0);

    [GeneratedRegex(@"\x1b\[\d+A")]
    private static partial Regex CursorUp();

    [GeneratedRegex(@"(\d+)/357 epochs")]
    private static partial Regex EpochCount();
}
