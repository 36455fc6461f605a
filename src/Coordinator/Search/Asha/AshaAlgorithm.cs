using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search.Asha;

/// <summary>Asynchronous successive halving (Li et al., MLSys 2020, Algorithm 2): whenever a worker is free,
/// promote a trial that is in the top 1/η of its rung and not yet promoted, checking from the top rung down;
/// otherwise start a new configuration (up to maxTrials). No worker ever waits for a rung to fill.</summary>
/// <remarks>A promoted trial continues from its checkpoint, training from its rung's epochs to the next rung's.
/// "Top 1/η" is the best ⌊n/η⌋ of the n trials that have reported at that rung, ranked by objective (best epoch
/// value so far, in the objective's direction) with diverged and failed trials last and never promoted; ties go to the lower trial id. Trials
/// waiting at a rung are <see cref="TrialStatus.Stopped"/> until promoted. New trial n draws its configuration
/// from stream <c>asha/trial/n</c>; which trials get promoted depends, by design, on the order results arrive.
/// Once no new trial can start (maxTrials reached or the space exhausted) and nothing is running, the rungs are treated
/// as complete: the top ⌈n/η⌉ of each may go up, until a trial has finished at maxEpochs.</remarks>
public sealed class AshaAlgorithm : SearchAlgorithm
{
    private readonly AshaSpec _spec;
    private readonly IReadOnlyList<int> _rungEpochs;
    private readonly Rung[] _rungs;
    private readonly HashSet<Hyperparameters> _seen = [];
    private int _created;
    private int _completedAtTop;

    public AshaAlgorithm(SearchContext context, AshaSpec spec) : base(context)
    {
        _spec = spec;
        _rungEpochs = AshaRungs.Epochs(spec.MinEpochs, spec.MaxEpochs, spec.Factor);
        _rungs = _rungEpochs.Select(_ => new Rung()).ToArray();
    }

    /// <summary>Unknown in advance: it depends on how many trials earn promotion.</summary>
    public override long? PlannedEpochs => null;

    protected override SearchDecision DecideNext()
    {
        if (Promotion(drain: false) is { } promotion) return promotion;
        if (_created < _spec.MaxTrials)
        {
            var number = _created + 1;
            if (ConfigurationSampler.Draw(Context, $"asha/trial/{number}", _seen, allowRepeat: false) is { } configuration)
                return Run(TrialIds.Trial(number), configuration, 0, null);
        }
        // No new trial can start, so no rung will fill any further: with ⌊n/η⌋ a small rung (n < η) would never
        // promote and the search would end without a trial trained to maxEpochs. Once nothing running can change
        // the rungs, treat them as complete and promote the top ⌈n/η⌉ until some trial has finished maxEpochs.
        if (Book.RunningWork == 0 && _completedAtTop == 0 && Promotion(drain: true) is { } last) return last;
        return Idle();
    }

    protected override SearchExhaustion? Shortfall => _created < _spec.MaxTrials ? new(_created, _spec.MaxTrials) : null;

    /// <summary>The best not-yet-promoted trial in the top ⌊n/η⌋ (⌈n/η⌉ when <paramref name="drain"/>) of its rung,
    /// checking from the top rung down; null when there is none.</summary>
    private SearchDecision.Run? Promotion(bool drain)
    {
        for (var k = _rungs.Length - 2; k >= 0; k--)
        {
            var rung = _rungs[k];
            var quota = drain ? (rung.Reported + _spec.Factor - 1) / _spec.Factor : rung.Reported / _spec.Factor;
            var rank = 0;
            foreach (var (_, trialId) in rung.Ranked)
            {
                if (rank++ >= quota) break;
                if (rung.Promoted.Contains(trialId)) continue;
                var resumeFrom = Book.LastWorkId(trialId, 0)!;
                return Run(trialId, Book.Work(resumeFrom).Hyperparameters, k + 1, resumeFrom);
            }
        }
        return null;
    }

    private SearchDecision.Run Run(string trialId, Hyperparameters configuration, int rung, string? resumeFrom) =>
        new(new WorkItem(
            TrialIds.Work(trialId, rung, 0), trialId, configuration, TrialIds.TrainingSeed(Context.Seed, trialId, 0),
            Execution: 0, rung, rung == 0 ? 0 : _rungEpochs[rung - 1], _rungEpochs[rung], resumeFrom));

    protected override void OnStarted(WorkItem item, bool isNewTrial)
    {
        if (item.Round < 0 || item.Round >= _rungs.Length)
            throw new InvalidOperationException($"work item '{item.WorkId}' names rung {item.Round}; this search has {_rungs.Length}");
        if (isNewTrial)
        {
            _created++;
            _seen.Add(item.Hyperparameters);
        }
        else if (!_rungs[item.Round - 1].Promoted.Add(item.TrialId))
        {
            throw new InvalidOperationException($"trial {item.TrialId} was promoted from rung {item.Round - 1} twice");
        }
    }

    protected override void OnFinished(WorkItem item, WorkOutcomeKind kind)
    {
        var top = item.Round == _rungs.Length - 1;
        if (kind != WorkOutcomeKind.Completed)
        {
            if (!top) _rungs[item.Round].Reported++; // counts toward n, ranks last, never promoted
            return;
        }
        if (top)
        {
            _completedAtTop++;
            Book.SetStatus(item.TrialId, TrialStatus.Completed);
            return;
        }
        var rung = _rungs[item.Round];
        rung.Reported++;
        rung.Ranked.Add((Book.CostOf(item.TrialId)!.Value, item.TrialId));
        Book.SetStatus(item.TrialId, TrialStatus.Stopped);
    }

    /// <summary>A trial in the top ⌊n/η⌋ of its rung and not yet promoted was due to go on: only the cancel stops it, so it
    /// ends cancelled, not stopped. Those below the quota stay stopped, as at the end of an uncancelled search.</summary>
    protected override void OnCancelled()
    {
        for (var k = 0; k < _rungs.Length - 1; k++)
        {
            var rung = _rungs[k];
            foreach (var (_, trialId) in rung.Ranked.Take(rung.Reported / _spec.Factor))
                if (!rung.Promoted.Contains(trialId) && Book.StatusOf(trialId) == TrialStatus.Stopped)
                    Book.SetStatus(trialId, TrialStatus.Cancelled);
        }
    }

    /// <summary>The trials that reported at one rung, best first.</summary>
    private sealed class Rung
    {
        public int Reported { get; set; }
        /// <summary>By cost (the objective in its direction: lower is better), then trial id.</summary>
        public SortedSet<(double Cost, string TrialId)> Ranked { get; } = new(Comparer<(double Cost, string TrialId)>.Create(
            (a, b) => a.Cost != b.Cost ? a.Cost.CompareTo(b.Cost) : string.CompareOrdinal(a.TrialId, b.TrialId)));
        public HashSet<string> Promoted { get; } = new(StringComparer.Ordinal);
    }
}
