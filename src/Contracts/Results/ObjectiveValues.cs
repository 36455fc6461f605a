using Tuner.Contracts.Jobs;

namespace Tuner.Contracts.Results;

/// <summary>A trial's value of results.json's <c>objective</c> (<c>val_loss</c>, <c>loss</c>, <c>val_accuracy</c>,
/// <c>accuracy</c>: the field of that name), and the order that lists the best first whichever way it goes.</summary>
public static class ObjectiveValues
{
    public static double? Of(TrialResult trial, string objective) => Pick(objective, trial.ValLoss, trial.Loss, trial.ValAccuracy, trial.Accuracy);

    public static double? Of(BestTrial best, string objective) => Pick(objective, best.ValLoss, best.Loss, best.ValAccuracy, best.Accuracy);

    /// <summary>A sort key, ascending = best first: the value as a cost (−accuracy), trials without a value last.</summary>
    public static double SortKey(TrialResult trial, string objective) =>
        Of(trial, objective) is { } v ? SpecWords.ObjectiveOf(objective).Cost(v) : double.PositiveInfinity;

    /// <summary>The metric named <paramref name="objective"/> among an epoch's.</summary>
    public static double? Pick(string objective, double? valLoss, double? loss, double? valAccuracy, double? accuracy) => objective switch
    {
        "loss" => loss,
        "val_accuracy" => valAccuracy,
        "accuracy" => accuracy,
        _ => valLoss,
    };
}
