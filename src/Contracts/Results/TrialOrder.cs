using Tuner.Contracts.Search;

namespace Tuner.Contracts.Results;

/// <summary>How <c>GET /api/jobs/{id}/trials</c> orders a job's trials: by <c>objective</c> (best first in the objective's
/// direction), <c>id</c> (start order), <c>status</c> (by its word), <c>epochs</c>, <c>seconds</c> or <c>hp.&lt;name&gt;</c>;
/// a leading <c>-</c> reverses. Trials without the value (no objective yet, a hyperparameter they lack) come last either
/// way, and ties go by start order, so a page holds the same trials however often it is asked.</summary>
public sealed record TrialOrder(string Key, bool Descending)
{
    public const string HyperparameterPrefix = "hp.";

    public static TrialOrder Default { get; } = new("objective", false);

    /// <summary>The keys as the API's error message lists them.</summary>
    public const string Keys = "objective, id, status, epochs, seconds or hp.<name>, with a leading - to reverse";

    /// <summary>The order <paramref name="text"/> names, or null with <paramref name="error"/> saying what it takes.</summary>
    public static TrialOrder? Parse(string text, out string? error)
    {
        error = null;
        var descending = text.StartsWith('-');
        var key = descending ? text[1..] : text;
        if (key is "objective" or "id" or "status" or "epochs" or "seconds"
            || (key.StartsWith(HyperparameterPrefix, StringComparison.Ordinal) && key.Length > HyperparameterPrefix.Length))
            return new TrialOrder(key, descending);
        error = $"sort must be {Keys}";
        return null;
    }

    /// <summary>As the API echoes it: the key, with <c>-</c> when reversed.</summary>
    public override string ToString() => Descending ? "-" + Key : Key;

    /// <summary>The positions of <paramref name="trials"/> (given in start order) in this order.</summary>
    public int[] Sort(IReadOnlyList<TrialResult> trials, string objective)
    {
        var keys = new SortKey[trials.Count];
        for (var i = 0; i < keys.Length; i++) keys[i] = KeyOf(trials[i], i, objective);
        var sign = Descending ? -1 : 1;
        Array.Sort(keys, (a, b) =>
        {
            if (a.Missing != b.Missing) return a.Missing ? 1 : -1;
            var byValue = a.Missing ? 0 : sign * Compare(a, b);
            return byValue != 0 ? byValue : a.Index.CompareTo(b.Index);
        });
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++) order[i] = keys[i].Index;
        return order;
    }

    /// <summary>Numbers before text, should a choice mix them.</summary>
    private static int Compare(SortKey a, SortKey b) => (a.Text, b.Text) switch
    {
        (null, null) => a.Number.CompareTo(b.Number),
        (null, _) => -1,
        (_, null) => 1,
        _ => string.CompareOrdinal(a.Text, b.Text),
    };

    private SortKey KeyOf(TrialResult trial, int index, string objective) => Key switch
    {
        "objective" => ObjectiveValues.Of(trial, objective) is { } v && !double.IsNaN(v)
            ? Number(ObjectiveValues.SortKey(trial, objective), index)
            : new SortKey(true, 0, null, index),
        "id" => Number(index, index),
        "status" => new SortKey(false, 0, trial.Status, index),
        "epochs" => Number(trial.Epochs, index),
        "seconds" => Number(trial.Seconds, index),
        _ => trial.Hyperparameters.TryGet(Key[HyperparameterPrefix.Length..], out var value) ? Hyperparameter(value, index) : new SortKey(true, 0, null, index),
    };

    private static SortKey Number(double value, int index) => new(false, value, null, index);

    /// <summary>Numbers by value, booleans false before true, strings by their characters; a key is one kind in a job.</summary>
    private static SortKey Hyperparameter(HyperparameterValue value, int index) => value.Kind switch
    {
        HyperparameterKind.String => new SortKey(false, 0, value.AsString(), index),
        HyperparameterKind.Bool => Number(value.AsBool() ? 1 : 0, index),
        _ => Number(value.AsDouble(), index),
    };

    private readonly record struct SortKey(bool Missing, double Number, string? Text, int Index);
}
