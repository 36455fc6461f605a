using System.Text.Json;
using Tuner.Contracts.Collections;

namespace Tuner.Coordinator.Search.Hyperband;

/// <summary>One round of a Hyperband bracket: <paramref name="Trials"/> trials trained up to <paramref name="Epochs"/> epochs in total.</summary>
public sealed record HyperbandRound(int Trials, int Epochs);

/// <summary>Bracket <c>s</c> of Hyperband: its rounds i = 0 … s.</summary>
public sealed record HyperbandBracket(int Bracket, ValueList<HyperbandRound> Rounds)
{
    /// <summary>Epochs this bracket trains when promoted trials resume: Σ n_i·(r_i − r_{i−1}).</summary>
    public long EpochsTrained
    {
        get
        {
            long total = 0;
            var previous = 0;
            foreach (var round in Rounds)
            {
                total += (long)round.Trials * (round.Epochs - previous);
                previous = round.Epochs;
            }
            return total;
        }
    }
}

/// <summary>The Hyperband schedule of Li et al., JMLR 2018, Algorithm 1, for maximum epochs R and factor η:
/// s_max = ⌊log_η R⌋, B = (s_max+1)·R; bracket s starts n = ⌈(B/R)·η^s/(s+1)⌉ trials at r = R·η^−s epochs;
/// round i keeps n_i = ⌊n·η^−i⌋ trials at r_i = r·η^i epochs, rounded up to whole epochs.</summary>
/// <remarks>Integer arithmetic throughout: ⌊log_η R⌋ from floating-point logs is wrong at exact powers
/// (log(243)/log(3) = 4.999…), so s_max is the largest s with η^s ≤ R, and r_i = ⌈R / η^(s−i)⌉.</remarks>
public sealed record HyperbandSchedule(int MaxEpochs, int Factor, int Iterations, ValueList<HyperbandBracket> Brackets)
{
    public static HyperbandSchedule Create(int maxEpochs, int factor, int iterations = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var sMax = MaxBracket(maxEpochs, factor);
        var brackets = new List<HyperbandBracket>();
        for (var s = sMax; s >= 0; s--)
        {
            // n = ⌈(B/R)·η^s/(s+1)⌉ with B/R = s_max + 1 exactly.
            var n = (int)CeilDiv((sMax + 1) * Power(factor, s), s + 1);
            var rounds = new List<HyperbandRound>();
            for (var i = 0; i <= s; i++)
            {
                var trials = (int)(n / Power(factor, i));
                var epochs = (int)CeilDiv(maxEpochs, Power(factor, s - i));
                rounds.Add(new HyperbandRound(trials, epochs));
            }
            brackets.Add(new HyperbandBracket(s, rounds.ToValueList()));
        }
        return new HyperbandSchedule(maxEpochs, factor, iterations, brackets.ToValueList());
    }

    /// <summary>s_max = ⌊log_η R⌋: the largest s with η^s ≤ R.</summary>
    public static int MaxBracket(int maxEpochs, int factor)
    {
        var s = 0;
        for (long power = factor; power <= maxEpochs; power *= factor) s++;
        return s;
    }

    public int SMax => Brackets[0].Bracket;

    /// <summary>Epochs the whole schedule trains (all iterations) when promoted trials resume from checkpoints.</summary>
    public long TotalEpochs => Iterations * Brackets.Sum(b => b.EpochsTrained);

    /// <summary>Configurations the whole schedule tries (all iterations).</summary>
    public long TotalTrials => Iterations * Brackets.Sum(b => (long)b.Rounds[0].Trials);

    /// <summary>The <c>tuner plan</c> document of PRODUCT.md §2: brackets from s_max down to 0, repeated once per iteration, then totalEpochs.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("brackets");
            for (var iteration = 0; iteration < Iterations; iteration++)
            {
                foreach (var bracket in Brackets)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("bracket", bracket.Bracket);
                    writer.WriteStartArray("rounds");
                    foreach (var round in bracket.Rounds)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("trials", round.Trials);
                        writer.WriteNumber("epochs", round.Epochs);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
            }
            writer.WriteEndArray();
            writer.WriteNumber("totalEpochs", TotalEpochs);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static long Power(int factor, int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++) result *= factor;
        return result;
    }

    private static long CeilDiv(long numerator, long denominator) => (numerator + denominator - 1) / denominator;
}
