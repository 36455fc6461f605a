namespace Tuner.Engine.Tensors;

/// <summary>
/// A product split over a <see cref="ComputeTeam"/>: part p computes a contiguous range of 32-column
/// panels of C (or of 8-row blocks when C has too few panels). One per calling thread, reused by every call.
/// </summary>
internal sealed class GemmParallelWork : IParallelWork
{
    private const int MR = GemmTile.MR;
    private const int NR = GemmTile.NR;

    /// <summary>The product being computed (set by the caller before each run).</summary>
    public GemmArgs Args;

    /// <summary>True: parts own column panels; false: parts own row blocks.</summary>
    public bool SplitColumns;

    /// <summary>
    /// Products below this many flops (2·m·n·k, ≈ 11 µs on one thread here) run on the caller
    /// alone. Measured on this project's 2-vCPU Xeon: a fork-join costs ≈ 0.8 µs of hand-over
    /// latency, and two threads speed a 5 µs product up by 1.0×, an 11 µs one by 1.3–1.4×, a
    /// 21 µs one by 1.6–1.7×.
    /// </summary>
    public const long MinParallelFlops = 1L << 21;

    /// <summary>
    /// Decides how to split a product over <paramref name="teamSize"/> threads: the number of parts
    /// (1 = run inline) and whether parts own column panels or row blocks.
    /// </summary>
    /// <remarks>
    /// A rough cost in cycles of the busiest part decides: its multiply-adds (32 per cycle), plus
    /// the operands it packs or streams (about half a cycle per packed float, a quarter per float
    /// of a prepacked B it streams). A column split packs all of A in every part and streams only
    /// its share of B; a row split packs only its share of A but all of B.
    /// </remarks>
    public static int Plan(int m, int n, int k, int teamSize, bool prepackedB, out bool splitColumns)
    {
        splitColumns = true;
        if (teamSize <= 1 || 2L * m * n * k < MinParallelFlops) return 1;
        var panels = (n + NR - 1) / NR;
        var blocks = (m + MR - 1) / MR;
        var partsByColumns = Math.Min(teamSize, panels);
        var partsByRows = Math.Min(teamSize, blocks);
        if (partsByColumns <= 1 && partsByRows <= 1) return 1;

        var bCost = prepackedB ? 0.25 : 0.5;
        double ColumnsCost()
        {
            double cols = (double)((panels + partsByColumns - 1) / partsByColumns) * NR;
            return cols * blocks * MR * k / 32 + 0.5 * m * k + bCost * cols * k;
        }
        double RowsCost()
        {
            double rows = (double)((blocks + partsByRows - 1) / partsByRows) * MR;
            return rows * panels * NR * k / 32 + 0.5 * rows * k + bCost * (double)panels * NR * k;
        }

        splitColumns = partsByColumns > 1 && (partsByRows <= 1 || ColumnsCost() <= RowsCost());
        return splitColumns ? partsByColumns : partsByRows;
    }

    public void Execute(int part, int parts)
    {
        var m = Args.M;
        var n = Args.N;
        if (SplitColumns)
        {
            var panels = (n + NR - 1) / NR;
            var first = (int)((long)panels * part / parts);
            var last = (int)((long)panels * (part + 1) / parts);
            GemmDriver.Run(Args, 0, m, first * NR, Math.Min(n, last * NR));
        }
        else
        {
            var blocks = (m + MR - 1) / MR;
            var first = (int)((long)blocks * part / parts);
            var last = (int)((long)blocks * (part + 1) / parts);
            GemmDriver.Run(Args, first * MR, Math.Min(m, last * MR), 0, n);
        }
    }
}
