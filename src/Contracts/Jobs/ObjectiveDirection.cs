namespace Tuner.Contracts.Jobs;

/// <summary>Which way each objective goes, stated once: losses are minimized, accuracies maximized. Every ranking of
/// trials and epochs (the algorithms, the trial book's best, the best epoch of a history, the best model's epoch) goes
/// through <see cref="Cost"/> or <see cref="IsBetter"/>, so an algorithm ranks by the direction without knowing it.</summary>
public static class ObjectiveDirection
{
    /// <summary>True for <c>val_accuracy</c> and <c>accuracy</c>: higher is better.</summary>
    public static bool IsMaximized(this ObjectiveKind objective) => objective is ObjectiveKind.ValAccuracy or ObjectiveKind.Accuracy;

    /// <summary>True for the objectives measured on the validation part (<c>val_loss</c>, <c>val_accuracy</c>).</summary>
    public static bool IsValidation(this ObjectiveKind objective) => objective is ObjectiveKind.ValLoss or ObjectiveKind.ValAccuracy;

    /// <summary>True for the accuracies, which only the classification heads measure (classify and generate).</summary>
    public static bool IsAccuracy(this ObjectiveKind objective) => objective.IsMaximized();

    /// <summary><paramref name="value"/> as a cost, lower is better for every objective: the loss itself, or
    /// −accuracy. Sort by it, ascending, to rank best first.</summary>
    public static double Cost(this ObjectiveKind objective, double value) => objective.IsMaximized() ? -value : value;

    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(this ObjectiveKind objective, double candidate, double incumbent) =>
        objective.Cost(candidate) < objective.Cost(incumbent);

    /// <summary>Orders values best first (a comparison for sorting).</summary>
    public static int CompareBestFirst(this ObjectiveKind objective, double a, double b) => objective.Cost(a).CompareTo(objective.Cost(b));

    /// <summary>"lowest" or "highest": how messages and docs say which value wins.</summary>
    public static string BestWord(this ObjectiveKind objective) => objective.IsMaximized() ? "highest" : "lowest";
}
