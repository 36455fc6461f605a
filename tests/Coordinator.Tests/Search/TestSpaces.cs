using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;

namespace Tuner.Coordinator.Tests.Search;

/// <summary>Search spaces, contexts and hand-driving helpers shared by the algorithm tests.</summary>
internal static class TestSpaces
{
    /// <summary>The PRODUCT.md §1 example space.</summary>
    public static readonly SearchSpace Example = new([
        new IntParameter("units", 32, 512, 32),
        new FloatParameter("dropout", 0.0, 0.5, 0.1),
        new FloatParameter("learning_rate", 1e-4, 1e-2, null, Sampling.Log),
    ]);

    /// <summary>The example space with a step on the learning rate too: a grid of 16 × 6 × 5 = 480 combinations.</summary>
    public static readonly SearchSpace Gridded = new([
        new IntParameter("units", 32, 512, 32),
        new FloatParameter("dropout", 0.0, 0.5, 0.1),
        new FloatParameter("learning_rate", 0.002, 0.01, 0.002),
    ]);

    public static SearchContext Context(long seed = 42, SearchSpace? space = null) => new(space ?? Example, seed, ObjectiveKind.ValLoss);

    /// <summary>A space with exactly <paramref name="size"/> configurations.</summary>
    public static SearchSpace Tiny(int size) => new([
        new ChoiceParameter("units", Enumerable.Range(1, size).Select(i => HyperparameterValue.Int(i * 16)).ToList().ToValueListOf()),
    ]);

    private static Tuner.Contracts.Collections.ValueList<T> ToValueListOf<T>(this List<T> items) => Tuner.Contracts.Collections.ValueList.ToValueList(items);

    /// <summary>A completed outcome for <paramref name="item"/> whose val_loss at epoch e is <paramref name="valLoss"/>(e).</summary>
    public static WorkOutcome Completed(WorkItem item, Func<int, double> valLoss) =>
        WorkOutcome.Completed(Enumerable.Range(item.FromEpoch + 1, item.Epochs).Select(e => new EpochMetrics(e, valLoss(e), valLoss(e))));

    public static WorkItem NextItem(this ISearchAlgorithm algorithm) =>
        algorithm.Next() is SearchDecision.Run run ? run.Item : throw new InvalidOperationException($"expected work, got {algorithm.Decide()}");
}
