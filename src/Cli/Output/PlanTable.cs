using System.Globalization;
using Spectre.Console;
using Tuner.Coordinator.Search.Hyperband;

namespace Tuner.Cli.Output;

/// <summary><c>tuner plan</c> on a terminal: the Hyperband schedule as a table of brackets and rounds, with the
/// epochs each round trains (promoted trials resume, so a round trains only the epochs beyond the last) and the total.</summary>
internal static class PlanTable
{
    public static void Write(HyperbandSchedule schedule)
    {
        var console = StdoutConsole.Create();
        var table = OutputTable.Create(console);
        if (schedule.Iterations > 1) table.AddColumn(new TableColumn("iteration").RightAligned());
        table.AddColumn(new TableColumn("bracket").RightAligned());
        table.AddColumn(new TableColumn("round").RightAligned());
        table.AddColumn(new TableColumn("trials").RightAligned());
        table.AddColumn(new TableColumn("epochs each").RightAligned());
        table.AddColumn(new TableColumn("epochs trained").RightAligned());
        for (var iteration = 0; iteration < schedule.Iterations; iteration++)
        {
            foreach (var bracket in schedule.Brackets)
            {
                var previous = 0;
                for (var round = 0; round < bracket.Rounds.Count; round++)
                {
                    var (trials, epochs) = (bracket.Rounds[round].Trials, bracket.Rounds[round].Epochs);
                    var cells = new List<string>();
                    if (schedule.Iterations > 1) cells.Add(round == 0 && bracket == schedule.Brackets[0] ? Text(iteration) : "");
                    cells.Add(round == 0 ? Text(bracket.Bracket) : "");
                    cells.AddRange([Text(round), Text(trials), Text(epochs), Text((long)trials * (epochs - previous))]);
                    table.AddRow(cells.ToArray());
                    previous = epochs;
                }
            }
        }
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Hyperband maxEpochs={schedule.MaxEpochs} factor={schedule.Factor}{(schedule.Iterations > 1 ? $" iterations={schedule.Iterations}" : "")}: {Quantity.Of(schedule.TotalTrials, "trial")}, {Quantity.Of(schedule.TotalEpochs, "epoch")} in total (totalEpochs)"));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
