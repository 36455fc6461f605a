using Spectre.Console;
using Tuner.Cli.Progress;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Output;

/// <summary><c>tuner workers</c>' table on stdout, or why there is none.</summary>
internal static class WorkersTable
{
    public static void Write(WorkerRoster roster)
    {
        var console = StdoutConsole.Create();
        var workers = roster.Workers;
        if (workers.Count == 0)
        {
            console.WriteLine(IdleReason.Of(roster));
            return;
        }
        var table = OutputTable.Create(console);
        table.AddColumn("worker");
        table.AddColumn(new TableColumn("idle slots").RightAligned());
        table.AddColumn(new TableColumn("training").RightAligned());
        foreach (var worker in workers) table.AddRow(Markup.Escape(worker.Id), $"{worker.IdleSlots}", $"{worker.Running}");
        console.Write(table);
    }
}
