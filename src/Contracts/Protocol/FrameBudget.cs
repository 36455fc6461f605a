using Tuner.Contracts.Collections;

namespace Tuner.Contracts.Protocol;

/// <summary>Splits batched messages so each stays well under Akka.Remote's frame size (128,000 bytes by default): a
/// batch is closed once the estimated JSON of its items reaches <see cref="BatchBytes"/>.</summary>
public static class FrameBudget
{
    /// <summary>Estimated bytes per batched message (half the default frame, for estimates that run short).</summary>
    public const int BatchBytes = 64 * 1024;

    /// <summary><paramref name="items"/> in order, in batches of at most <paramref name="budget"/> estimated bytes
    /// (an item larger than that alone in its batch).</summary>
    public static IEnumerable<ValueList<T>> Split<T>(IReadOnlyList<T> items, Func<T, int> estimate, int budget = BatchBytes)
    {
        var batch = new List<T>();
        var bytes = 0;
        foreach (var item in items)
        {
            var size = estimate(item);
            if (batch.Count > 0 && bytes + size > budget)
            {
                yield return batch.ToValueList();
                batch.Clear();
                bytes = 0;
            }
            batch.Add(item);
            bytes += size;
        }
        if (batch.Count > 0) yield return batch.ToValueList();
    }

    /// <summary>An upper estimate of an assignment's JSON (the spec's text may double when escaped).</summary>
    public static int Estimate(WorkProtocol.TrialAssignment assignment) =>
        1024 + 2 * assignment.SpecJson.Length + 64 * assignment.Hyperparameters.Count;

    /// <summary>An upper estimate of a result's JSON (base64 is 4/3 of the checkpoint).</summary>
    public static int Estimate(TrialProtocol.AttemptFinished finished) =>
        512 + 96 * finished.History.Count + 2 * (finished.Error?.Length ?? 0) + (finished.InlineCheckpoint?.Length ?? 0) * 4 / 3;
}
