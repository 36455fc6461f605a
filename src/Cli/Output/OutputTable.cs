using Spectre.Console;
using Spectre.Console.Rendering;

namespace Tuner.Cli.Output;

/// <summary>The command tables' look, one for all (results, jobs, workers, plan): Spectre's Simple border, a rule under
/// the header, drawn with '-' where the terminal takes no Unicode — Spectre counts Simple's '─' as safe and drew it
/// in a non-UTF-8 locale too.</summary>
internal static class OutputTable
{
    /// <summary>What the border adds around the columns' text: two characters at each edge.</summary>
    public const int EdgeWidth = 2;

    /// <summary>What the border puts between two columns.</summary>
    public const int GapWidth = 3;

    public static Table Create(IAnsiConsole console) =>
        new Table().Border(console.Profile.Capabilities.Unicode ? TableBorder.Simple : AsciiSimpleBorder.Instance);

    private sealed class AsciiSimpleBorder : TableBorder
    {
        public static readonly AsciiSimpleBorder Instance = new();

        public override string GetPart(TableBorderPart part) => part switch
        {
            TableBorderPart.HeaderBottomLeft or TableBorderPart.HeaderBottom or TableBorderPart.HeaderBottomSeparator
                or TableBorderPart.HeaderBottomRight => "-",
            _ => " ",
        };
    }
}
