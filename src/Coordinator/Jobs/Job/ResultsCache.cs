using Tuner.Contracts.Results;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>The job's results.json built once per version for the dashboard's queries: opening a job asks for a page of
/// the table, the curves and the points at once, and at 100,000 trials each build costs the job actor a few hundred
/// milliseconds. Kept only while asked for (the actor drops it after <see cref="KeepFor"/> without a question), so an
/// idle job holds no second copy of its trials.</summary>
public sealed class ResultsCache
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(10);

    private ResultsDocument? _results;
    private long _version = -1;

    /// <summary>The results at <paramref name="version"/>: the kept ones when built at that version, else built now.</summary>
    public ResultsDocument Get(long version, Func<ResultsDocument> build)
    {
        if (_results is null || _version != version) (_results, _version) = (build(), version);
        return _results;
    }

    public bool IsEmpty => _results is null;

    public void Clear() => (_results, _version) = (null, -1);
}
