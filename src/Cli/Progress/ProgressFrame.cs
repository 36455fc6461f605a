using static System.FormattableString;
using Tuner.Cli.Output;
using Tuner.Cli.Terminal;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>The lines of a job's live view, from its latest summary: the overall bar (epochs done of planned, ETA),
/// the job line (trials done, elapsed, best so far), then one line per running trial (id, bracket/round or rung,
/// epoch k/n, its latest objective value, its hyperparameters in short). Pure: the caller measures time and size.</summary>
internal static class ProgressFrame
{
    private const int MaxBar = 40;

    /// <summary>A job name cut to fit the job line keeps at least this many characters.</summary>
    private const int MinName = 8;

    /// <param name="columns">The columns a line may take; the bar takes what the text leaves (longer lines are cut when drawn).</param>
    /// <param name="trialLines">At most this many trial lines; the rest are counted in one more line.</param>
    /// <param name="idle">How long nothing has been training (<see cref="IdleJobWatch"/>) and why (<see cref="IdleReason"/>;
    /// null while not known yet), said in a line of its own.</param>
    /// <param name="disconnected">How long the summaries' stream has been down (<c>tuner watch</c>); said instead of the
    /// idle line, since the figures shown are then from before it.</param>
    public static IReadOnlyList<StyledLine> Build(JobSummary? summary, TimeSpan elapsed, TimeSpan? eta, TerminalGlyphs glyphs, int columns, int trialLines,
        (TimeSpan Quiet, string? Reason)? idle = null, TimeSpan? disconnected = null)
    {
        if (summary is null)
            return [new StyledLine().Add("waiting for the job's first progress", TextStyle.Dim).Add(glyphs.Separator).Add(Clock(elapsed))];
        // A recovering job's figures are zeros until its journal is replayed: not shown as the job's.
        if (summary.Status == JobStatuses.Recovering)
            return [new StyledLine().Add($"{summary.Name}: recovering from the journal", TextStyle.Dim).Add(glyphs.Separator).Add(Clock(elapsed))];
        // Nothing training (no worker, or the stream down): no pace to promise; the estimate grew by the second.
        var idleNow = disconnected is not null || (idle is not null && summary.Running.Count == 0);
        var lines = new List<StyledLine> { Overall(summary, idleNow ? null : eta, glyphs, columns), JobLine(summary, elapsed, glyphs, columns) };
        if (summary.IsFinal) return lines;
        if (disconnected is { } down)
            lines.AddRange(Wrapped($"lost the connection to the coordinator {Clock(down)} ago; reconnecting (the figures are from before)", columns, TextStyle.Warning));
        else if (idle is var (quiet, reason) && summary.Running.Count == 0)
            lines.AddRange(Wrapped($"no trial running for {Clock(quiet)}{(reason is null ? "" : ": " + reason)}", columns, TextStyle.Dim));
        var running = summary.Running.OrderBy(r => r.WorkId, StringComparer.Ordinal).ToList();
        var shown = running.Count <= trialLines ? running.Count : Math.Max(0, trialLines - 1);
        for (var i = 0; i < shown; i++) lines.Add(TrialLine(running[i], summary.Objective));
        if (shown < running.Count) lines.Add(new StyledLine().Add($"  {glyphs.Ellipsis} {running.Count - shown} more running", TextStyle.Dim));
        return lines;
    }

    /// <summary>A message in lines of at most <paramref name="columns"/>, broken between words (the first indented 2,
    /// the rest 4): cut at the terminal's edge, the idle line lost the command it tells the user to run.</summary>
    private static IEnumerable<StyledLine> Wrapped(string text, int columns, TextStyle style)
    {
        var indent = "  ";
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && indent.Length + line.Length + 1 + word.Length > columns)
            {
                yield return new StyledLine().Add(indent + line, style);
                (indent, line) = ("    ", line.Clear());
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        yield return new StyledLine().Add(indent + line, style);
    }

    /// <summary><c>━━━━━━━━╸──── 45% 31/69 epochs · ETA 0:25</c>.</summary>
    private static StyledLine Overall(JobSummary s, TimeSpan? eta, TerminalGlyphs glyphs, int columns)
    {
        var line = new StyledLine();
        if (s.EpochsPlanned is not { } planned || planned <= 0)
            return line.Add(Quantity.Of(s.EpochsTrained, "epoch") + " trained", TextStyle.Bold).Add(glyphs.Separator).Add(Status(s));
        var share = Math.Clamp((double)s.EpochsTrained / planned, 0, 1);
        // 100% only when it is: 711 of 714 read "100%" with trials still training.
        var percent = share < 1 ? Math.Min(99, Math.Round(share * 100)) : 100;
        var counts = Invariant($"{s.EpochsTrained}/{planned} epochs");
        if (s.Status == JobStatuses.Completed && s.EpochsTrained < planned)
        {
            // A search that ran out of configurations (or trials that ended early) completes short of its plan: done is
            // a full bar, the epochs it trained beside the plan.
            (share, percent, counts) = (1, 100, Invariant($"{s.EpochsTrained} epochs (of {planned} planned)"));
        }
        var tail = Invariant($" {percent,3:F0}% {counts}") + glyphs.Separator +
                   (s.IsFinal ? Status(s) : "ETA " + (eta is { } e ? Clock(e) : "-"));
        var bar = Math.Clamp(columns - tail.Length, StatusLine.MinBar, MaxBar);
        return line.AddBar(share, bar, glyphs).Add(tail);
    }

    /// <summary><c>quick-sine: 20 trials, 2 running, 3 waiting, 15 done · 0:12 · best val_loss 0.02713 (t-0007)</c>
    /// (waiting: Hyperband and ASHA trials that ended a round and may be promoted). Where that is wider than the
    /// terminal, the counts shrink to started and done, then the time goes, then a long name is cut: the best value,
    /// what the user watches for, is the last thing to go.</summary>
    private static StyledLine JobLine(JobSummary s, TimeSpan elapsed, TerminalGlyphs glyphs, int columns)
    {
        var waiting = s.TrialsStarted - s.TrialsFinished - s.Running.Select(r => r.TrialId).Distinct().Count();
        var full = ": " + Quantity.Of(s.TrialsStarted, "trial") + Invariant($", {s.Running.Count} running") +
                   (waiting > 0 ? Invariant($", {waiting} waiting") : "") + Invariant($", {s.TrialsFinished} done");
        var brief = ": " + Quantity.Of(s.TrialsStarted, "trial") + Invariant($", {s.TrialsFinished} done");
        var time = glyphs.Separator + Clock(elapsed);
        StyledLine Line(string name, string counts, string when)
        {
            var line = new StyledLine().Add(name, TextStyle.Bold).Add(counts).Add(when);
            if (s.BestObjective is { } best)
                line.Add(glyphs.Separator).Add($"best {s.Objective} ").Add(Number(best), TextStyle.Bold).Add($" ({s.BestTrialId})");
            return line;
        }
        foreach (var (counts, when) in new[] { (full, time), (brief, time), (brief, "") })
            if (Line(s.Name, counts, when) is var line && line.Length <= columns) return line;
        var over = Line(s.Name, brief, "").Length - columns;
        var name = over > 0 && s.Name.Length - over - glyphs.Ellipsis.Length >= MinName ? s.Name[..(s.Name.Length - over - glyphs.Ellipsis.Length)] + glyphs.Ellipsis : s.Name;
        return Line(name, brief, "");
    }

    /// <summary><c>  t-0007 b2 r1 epoch 4/9 val_loss 0.0312  units=64 dropout=0.1 lr=0.00312</c>.</summary>
    private static StyledLine TrialLine(RunningTrial r, string objective)
    {
        var stage = r.Bracket is { } b ? Invariant($" b{b} r{r.Round}") : r.Round is { } rung ? Invariant($" rung {rung}") : "";
        var execution = r.Execution > 0 ? Invariant($" x{r.Execution}") : "";
        var line = new StyledLine()
            .Add("  ").Add(r.TrialId, TextStyle.Bold).Add(stage + execution, TextStyle.Dim)
            .Add(Invariant($" epoch {r.Epoch}/{r.ToEpoch}"));
        line.Add($" {objective} ").Add(r.Latest is { } latest ? Number(latest) : "-");
        return line.Add("  ").Add(HyperparameterText.Short(r.Hyperparameters), TextStyle.Dim);
    }

    private static string Status(JobSummary s) => s.IsFinal || s.Status == JobStatuses.Recovering ? s.Status : JobStatuses.Running;

    private static string Number(double value) => Significant.Of(value, 4);

    /// <summary><c>0:07</c>, <c>12:30</c>, <c>1:02:03</c>.</summary>
    internal static string Clock(TimeSpan time) =>
        time.TotalHours >= 1 ? Invariant($"{(int)time.TotalHours}:{time.Minutes:D2}:{time.Seconds:D2}") : Invariant($"{time.Minutes}:{time.Seconds:D2}");
}
