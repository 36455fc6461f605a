using System.Diagnostics;
using static System.FormattableString;
using Tuner.Cli.Terminal;

namespace Tuner.Cli.Progress;

/// <summary>The progress of <c>tuner simulate</c> on stderr while its runs go (a Gaussian process over thousands of
/// trials takes minutes). In a terminal, one line redrawn in place twice a second: the epochs simulated of those the
/// runs plan, the runs done and the time so far — <c>simulating bayesian ━━━━━━━───── 12,300 of 30,000 epochs · 3 of
/// 8 runs · 4.1 s</c> — removed when the document is printed. Without a plan (ASHA) the bar follows the runs. Piped,
/// nothing: stdout carries the document and stderr stays for errors.</summary>
internal sealed class SimulationProgress : IDisposable
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(500);

    private readonly string _algorithm;
    private readonly int _runs;
    private readonly long? _plannedEpochs;
    private readonly TerminalProfile _profile;
    private readonly LiveRegion? _region;
    private readonly Timer? _timer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _finished;
    private long _epochs;

    /// <param name="plannedEpochsPerRun">The most epochs one run trains, or null when its algorithm has no plan.</param>
    public SimulationProgress(string algorithm, int runs, long? plannedEpochsPerRun, TerminalProfile profile)
    {
        (_algorithm, _runs, _profile) = (algorithm, runs, profile);
        _plannedEpochs = plannedEpochsPerRun * runs;
        if (!profile.IsTerminal) return;
        _region = LiveRegion.OpenOnStandardError(profile);
        _timer = new Timer(_ => Draw(), null, TimeSpan.Zero, RedrawInterval);
    }

    /// <summary>A simulated work item finished; called from the thread that ran it (often: drawn by the timer).</summary>
    public void EpochsFinished(int epochs) => Interlocked.Add(ref _epochs, epochs);

    /// <summary>A run finished; called from the thread that ran it.</summary>
    public void RunFinished()
    {
        Interlocked.Increment(ref _finished);
        Draw();
    }

    private void Draw()
    {
        if (_region is null) return;
        _region.Show([Line(Volatile.Read(ref _finished), Interlocked.Read(ref _epochs), _clock.Elapsed, _region.DrawableSize.Columns)]);
    }

    /// <summary>The line in at most <paramref name="columns"/>: narrower, the bar shrinks, then the figures take their
    /// short forms, the word "simulating" goes, then the time, the runs and the algorithm; the epochs, the bar's figures, stay.</summary>
    internal StyledLine Line(int finished, long epochs, TimeSpan elapsed, int columns)
    {
        var glyphs = _profile.Glyphs;
        // A run may end before its plan (a small grid, a search that ran out of configurations): finished runs count whole.
        var fraction = _plannedEpochs is { } planned and > 0 ? Math.Min(1, Math.Max((double)epochs / planned, (double)finished / _runs)) : (double)finished / _runs;
        var (epochText, epochShort) = _plannedEpochs is { } total
            ? (Invariant($"{epochs:N0} of {total:N0} epochs"), Invariant($"{epochs:N0}/{total:N0} epochs"))
            : (Invariant($"{epochs:N0} epochs"), Invariant($"{epochs:N0} epochs"));
        var runs = Invariant($"{finished} of {_runs} run{(_runs == 1 ? "" : "s")}");
        var runsShort = Invariant($"{finished}/{_runs} run{(_runs == 1 ? "" : "s")}");
        var time = glyphs.Separator + Invariant($"{elapsed.TotalSeconds:0.0} s");
        string head = $"simulating {_algorithm} ", brief = $"{_algorithm} ";
        return StatusLine.Fit(fraction, glyphs, columns,
            (head, $" {epochText}{glyphs.Separator}{runs}{time}"),
            (head, $" {epochShort}{glyphs.Separator}{runsShort}{time}"),
            (brief, $" {epochShort}{glyphs.Separator}{runsShort}{time}"),
            (brief, $" {epochShort}{glyphs.Separator}{runsShort}"),
            (brief, $" {epochShort}"),
            ("", $" {epochShort}"));
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _region?.Close(null);
    }
}
