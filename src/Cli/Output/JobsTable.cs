using System.Globalization;
using Spectre.Console;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Output;

/// <summary><c>tuner jobs</c>' table and <c>tuner status</c>' lines, on stdout.</summary>
internal static class JobsTable
{
    public static void Write(IReadOnlyList<JobSummary> jobs) => Write(jobs, StdoutConsole.Create());

    public static void Write(IReadOnlyList<JobSummary> jobs, IAnsiConsole console)
    {
        if (jobs.Count == 0)
        {
            console.WriteLine("no jobs");
            return;
        }
        // Squeezed into a narrower terminal, Spectre cut every cell ("canc" over "elle" over "d", "0.0" over "303" over
        // "65") and its headers ("sta…"): the least useful figures go first — the seconds, the year, then the submitted
        // time — and a terminal too narrow even then gets each job in lines, wrapped between words.
        var columns = new[] { "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "MM-dd HH:mm", null }
            .Select(submitted => Columns(submitted))
            .FirstOrDefault(c => Width(c, jobs) <= console.Profile.Width);
        if (columns is null)
        {
            foreach (var job in jobs)
            {
                console.MarkupLine(Markup.Escape($"{job.Id} {job.Status} {job.Algorithm}"));
                // Broken between figures, not inside one: Spectre's wrap put "2026-12-07" and "02:53" on two lines.
                string[] figures = [$"epochs {Epochs(job)},", $"trials done {TrialsDone(job)},", $"best {job.Objective} {Best(job)},", $"submitted {Submitted(job, "yyyy-MM-dd HH:mm")}"];
                var line = "";
                foreach (var figure in figures)
                {
                    if (line.Length > 0 && 2 + line.Length + 1 + figure.Length > console.Profile.Width)
                    {
                        console.MarkupLine(Markup.Escape("  " + line));
                        line = "";
                    }
                    line = line.Length == 0 ? figure : line + " " + figure;
                }
                console.MarkupLine(Markup.Escape("  " + line));
            }
            return;
        }
        var table = OutputTable.Create(console);
        foreach (var (header, align, _) in columns) table.AddColumn(new TableColumn(Markup.Escape(header)) { Alignment = align }.NoWrap());
        foreach (var job in jobs) table.AddRow(columns.Select(c => Markup.Escape(c.Cell(job))).ToArray());
        console.Write(table);
    }

    /// <param name="submitted">The submitted time's format, or null for no such column.</param>
    private static (string Header, Justify Align, Func<JobSummary, string> Cell)[] Columns(string? submitted)
    {
        var full = submitted == "yyyy-MM-dd HH:mm:ss";
        (string, Justify, Func<JobSummary, string>)[] columns =
        [
            ("id", Justify.Left, j => j.Id),
            ("status", Justify.Left, j => j.Status),
            ("algorithm", Justify.Left, j => j.Algorithm),
            ("epochs", Justify.Right, Epochs),
            (full ? "trials done" : "trials", Justify.Right, TrialsDone),
            ("best", Justify.Right, Best),
        ];
        return submitted is null ? columns : [.. columns, ("submitted (UTC)", Justify.Left, j => Submitted(j, submitted))];
    }

    /// <summary>The columns the table takes with every header and cell whole.</summary>
    private static int Width((string Header, Justify, Func<JobSummary, string> Cell)[] columns, IReadOnlyList<JobSummary> jobs) =>
        OutputTable.EdgeWidth * 2 + OutputTable.GapWidth * (columns.Length - 1) + columns.Sum(c => Math.Max(c.Header.Length, jobs.Max(j => c.Cell(j).Length)));

    public static void WriteStatus(JobSummary job)
    {
        var console = StdoutConsole.Create();
        console.WriteLine($"job       {job.Id} ({job.Name})");
        console.WriteLine($"status    {job.Status}{(job.Error is { } e ? ": " + e : "")}");
        console.WriteLine($"algorithm {job.Algorithm}, objective {job.Objective}");
        console.WriteLine($"epochs    {Epochs(job)} trained");
        console.WriteLine($"trials    {job.TrialsFinished} finished of {job.TrialsStarted} started, {job.Running.Count} running");
        console.WriteLine($"best      {(job.BestTrialId is null ? "-" : $"{job.BestTrialId}: {job.Objective} {Best(job)}")}");
        foreach (var running in job.Running)
            console.WriteLine($"  running {running.WorkId} epoch {running.Epoch}/{running.ToEpoch} on {running.Worker}");
    }

    private static string Epochs(JobSummary job) => job.EpochsPlanned is { } planned ? $"{job.EpochsTrained}/{planned}" : job.EpochsTrained.ToString(CultureInfo.InvariantCulture);

    private static string TrialsDone(JobSummary job) => string.Create(CultureInfo.InvariantCulture, $"{job.TrialsFinished}/{job.TrialsStarted}");

    private static string Best(JobSummary job) => job.BestObjective is { } best ? Significant.Of(best, 5) : "-";

    private static string Submitted(JobSummary job, string format) => job.SubmittedAt.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
}
