using Tuner.Contracts.Results;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>The job's results.json built once per version for the dashboard's queries, and the orders its trials table
/// was asked in: opening a job asks for a page of the table, the curves and the points at once, and paging a finished
/// job of 100,000 trials would otherwise sort them all again for every page. Kept only while asked for (the actor drops
/// it after <see cref="KeepFor"/> without a question), so an idle job holds no second copy of its trials.</summary>
public sealed class ResultsCache
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(10);

    private ResultsDocument? _results;
    private long _version = -1;
    private readonly Dictionary<TrialOrder, int[]> _orders = [];

    /// <summary>The results at <paramref name="version"/>: the kept ones when built at that version, else built now.</summary>
    public ResultsDocument Get(long version, Func<ResultsDocument> build)
    {
        if (_results is null || _version != version)
        {
            (_results, _version) = (build(), version);
            _orders.Clear();
        }
        return _results;
    }

    /// <summary>The positions of the kept results' trials in <paramref name="order"/>, sorted once per version.</summary>
    public int[] Positions(TrialOrder order)
    {
        var results = _results ?? throw new InvalidOperationException("no results kept: Get them first");
        if (!_orders.TryGetValue(order, out var positions)) _orders[order] = positions = order.Sort(results.Trials, results.Objective);
        return positions;
    }

    public bool IsEmpty => _results is null;

    public void Clear()
    {
        (_results, _version) = (null, -1);
        _orders.Clear();
    }
}
