using System.Globalization;

namespace Tuner.Cli.Output;

/// <summary>A count with its noun as people write it: "1 epoch", "0 epochs", "3 worker slots" (English nouns whose plural
/// adds an s: all the CLI counts).</summary>
internal static class Quantity
{
    public static string Of(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
