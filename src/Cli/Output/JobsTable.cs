using System.Globalization;
using Spectre.Console;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Output;

/// <summary><c>tuner jobs</c>' table and <c>tuner status</c>' lines, on stdout.</summary>
internal static class JobsTable
{
    public static void Write(IReadOnlyList<JobSummary> jobs)
    {
        var console = StdoutConsole.Create();
        if (jobs.Count == 0)
        {
            console.WriteLine("no jobs");
            return;
        }
        var table = OutputTable.Create(console);
        table.AddColumn(new TableColumn("id").NoWrap()); // what users copy: never broken across lines
        table.AddColumn("status");
        table.AddColumn("algorithm");
        table.AddColumn(new TableColumn("epochs").RightAligned());
        table.AddColumn(new TableColumn("trials done").RightAligned());
        table.AddColumn(new TableColumn("best").RightAligned());
        table.AddColumn(new TableColumn("submitted (UTC)").NoWrap());
        foreach (var job in jobs)
        {
            table.AddRow(
                Markup.Escape(job.Id), Markup.Escape(job.Status), Markup.Escape(job.Algorithm), Epochs(job),
                $"{job.TrialsFinished}/{job.TrialsStarted}", Best(job),
                job.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
        console.Write(table);
    }

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

    private static string Best(JobSummary job) => job.BestObjective is { } best ? Significant.Of(best, 5) : "-";
}
