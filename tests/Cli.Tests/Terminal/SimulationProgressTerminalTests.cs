using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Support;

namespace Tuner.Cli.Tests.Terminal;

/// <summary><c>tuner simulate</c> in a real pseudo-terminal: its epochs and runs show as a bar redrawn in place on stderr, removed
/// before the document; Ctrl-C stops a long simulation at once with exit 130. Piped, stderr stays empty
/// (SimulateCommandTests).</summary>
public sealed class SimulationProgressTerminalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-simulate-pty-").FullName;

    private string Job(string algorithm)
    {
        var job = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "examples", "seattle-random.json")))!.AsObject();
        job["algorithm"] = JsonNode.Parse(algorithm);
        job["data"]!["path"] = Path.Combine(Repository.Root, "examples", "data", "seattle-weather.csv");
        var path = Path.Combine(_dir, "job.json");
        File.WriteAllText(path, job.ToJsonString());
        return path;
    }

    private static readonly string Curves = Path.Combine(Repository.Root, "bench", "Search.Bench", "Recorded", "seattle-random.results.json");

    [Fact]
    public async Task Shows_the_runs_done_while_it_simulates_then_prints_the_document()
    {
        var job = Job("""{"type": "bayesian", "maxTrials": 60, "epochs": 30}""");
        using var pty = PseudoTerminal.StartTuner(["simulate", job, "--curves", Curves, "--repeats", "4"], _dir);
        Assert.True(await pty.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 0, pty.Text);

        Assert.Matches(@"simulating bayesian [━─]{24} [\d,]+ of 7,200 epochs · [0-4] of 4 runs · \d+\.\d s", pty.Text);
        Assert.Contains("\r", pty.Raw); // redrawn in place
        // The bar is erased before the document: the last line is the document, whole.
        var document = JsonNode.Parse(pty.Text[pty.Text.IndexOf("{\"algorithm\"", StringComparison.Ordinal)..].Trim())!;
        Assert.Equal(4, document["runs"]!.AsArray().Count);
    }

    [Fact]
    public async Task In_a_60_column_terminal_the_bar_shrinks_and_the_figures_stay_whole()
    {
        // The 24-column bar left "simulating bayesian ━━━━━━━━━━━━━━────────── 54,120 of 9…": no runs, no time.
        var job = Job("""{"type": "bayesian", "maxTrials": 60, "epochs": 30}""");
        using var pty = PseudoTerminal.StartTuner(["simulate", job, "--curves", Curves, "--repeats", "4"], _dir, columns: 60);
        Assert.True(await pty.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 0, pty.Text);

        Assert.Matches(@"bayesian [━─]{5,23} [\d,]+/7,200 epochs · [0-4]/4 runs · \d+\.\d s", pty.Text);
        Assert.DoesNotContain("…", pty.Text);
    }

    [Fact]
    public async Task Ctrl_C_stops_a_long_simulation_at_once_with_exit_130()
    {
        // 40 runs of a 334-trial Gaussian process: about a minute of work even on many cores.
        var job = Job("""{"type": "bayesian", "maxTrials": 334, "epochs": 30}""");
        using var pty = PseudoTerminal.StartTuner(["simulate", job, "--curves", Curves, "--repeats", "40"], _dir);
        // The epochs move before any run ends (the line said "0 of 40 runs" for a minute).
        await pty.WaitForAsync(raw => System.Text.RegularExpressions.Regex.IsMatch(PseudoTerminal.StripEscapes(raw), @"simulating bayesian [━─]{24} [1-9][\d,]* of 400,800 epochs · 0 of 40 runs"),
            TimeSpan.FromSeconds(60), "the progress line with epochs simulated");
        pty.Type("\u0003");

        Assert.Equal(130, await pty.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("interrupted: nothing printed", pty.Text);
        Assert.DoesNotContain("{\"algorithm\"", pty.Text);
        Assert.DoesNotContain("state saved", pty.Text); // there is no state to resume from
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
