using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>A page of results.json's trials in the asked order (<see cref="TrialOrder"/>), histories left out unless asked for.</summary>
public static class TrialsPageBuilder
{
    /// <summary>Why a job with <paramref name="space"/> cannot order its trials by <paramref name="sort"/> (a hyperparameter
    /// the space lacks), or null.</summary>
    public static string? SortProblem(SearchSpace space, string sort)
    {
        if (TrialOrder.Parse(sort, out _) is not { } order || !order.Key.StartsWith(TrialOrder.HyperparameterPrefix, StringComparison.Ordinal)) return null;
        var name = order.Key[TrialOrder.HyperparameterPrefix.Length..];
        if (space.Find(name) is not null) return null;
        return $"sort: {Contracts.EchoedText.Of(name)} is not a hyperparameter of this job; it has {string.Join(", ", space.Parameters.Select(p => TrialOrder.HyperparameterPrefix + p.Name))}";
    }

    /// <param name="sorted">The trials' positions in an order, when the caller keeps them (<see cref="ResultsCache.Positions"/>);
    /// by default sorted here.</param>
    public static TrialsPage Build(ResultsDocument results, JobProtocol.GetTrials query, long version, Func<TrialOrder, int[]>? sorted = null)
    {
        var order = TrialOrder.Parse(query.Sort, out var error) ?? throw new ArgumentException(error, nameof(query));
        var positions = sorted?.Invoke(order) ?? order.Sort(results.Trials, results.Objective);
        var from = Math.Min(query.Offset, positions.Length);
        var to = Math.Min(positions.Length, from + query.Limit);
        var page = new List<TrialResult>(to - from);
        for (var i = from; i < to; i++)
        {
            var trial = results.Trials[positions[i]];
            page.Add(query.History ? trial : trial with { History = [] });
        }
        return new TrialsPage(results.Trials.Count, query.Offset, query.Limit, order.ToString(), version, page.ToValueList());
    }
}
