using System.Diagnostics;
using System.Globalization;
using Tuner.Cli.Terminal;

namespace Tuner.Cli.Progress;

/// <summary>The progress of <c>tuner simulate</c> on stderr while its runs go (a Gaussian process over thousands of
/// trials takes minutes). In a terminal, one line redrawn in place twice a second, the runs done and the time so far:
/// <c>simulating bayesian ━━━━━━━───── 3 of 8 runs · 4.1 s</c>, removed when the document is printed. Piped, nothing:
/// stdout carries the document and stderr stays for errors.</summary>
internal sealed class SimulationProgress : IDisposable
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(500);

    private readonly string _algorithm;
    private readonly int _runs;
    private readonly TerminalProfile _profile;
    private readonly LiveRegion? _region;
    private readonly Timer? _timer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _finished;

    public SimulationProgress(string algorithm, int runs, TerminalProfile profile)
    {
        (_algorithm, _runs, _profile) = (algorithm, runs, profile);
        if (!profile.IsTerminal) return;
        _region = LiveRegion.OpenOnStandardError(profile);
        _timer = new Timer(_ => Draw(), null, TimeSpan.Zero, RedrawInterval);
    }

    /// <summary>A run finished; called from the thread that ran it.</summary>
    public void RunFinished()
    {
        Interlocked.Increment(ref _finished);
        Draw();
    }

    private void Draw() => _region?.Show([Line(Volatile.Read(ref _finished), _clock.Elapsed)]);

    private StyledLine Line(int finished, TimeSpan elapsed)
    {
        var glyphs = _profile.Glyphs;
        return new StyledLine()
            .Add($"simulating {_algorithm} ")
            .AddBar((double)finished / _runs, StyledLine.StatusBarWidth, glyphs)
            .Add(string.Create(CultureInfo.InvariantCulture, $" {finished} of {_runs} run{(_runs == 1 ? "" : "s")}{glyphs.Separator}{elapsed.TotalSeconds:0.0} s"));
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _region?.Close(null);
    }
}
