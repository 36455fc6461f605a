using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.FullBudget;

namespace Tuner.Coordinator.Search.Grid;

/// <summary>Grid search as Keras Tuner's GridSearch: every combination of the search space's grid values (ints on
/// <c>min + k·step</c>, floats on their exact decimal grid, every choice, fixed values), each trained
/// <c>executionsPerTrial</c> times for <c>epochs</c> epochs.</summary>
/// <remarks>Trial n is combination n − 1 of <see cref="SearchGrid"/>: nested loops over the parameters in spec order, the
/// last varying fastest. No randomness: the seed only decides the training seeds.</remarks>
public sealed class GridAlgorithm : FullBudgetSearch
{
    private readonly SearchGrid _grid;

    public GridAlgorithm(SearchContext context, GridSpec spec) : this(context, spec, SearchGrid.Of(context.Space)) { }

    private GridAlgorithm(SearchContext context, GridSpec spec, SearchGrid grid)
        : base(context, checked((int)grid.Count), spec.ExecutionsPerTrial, spec.Epochs) => _grid = grid;

    protected override Hyperparameters? Propose(int number) => _grid.At(number - 1);
}
