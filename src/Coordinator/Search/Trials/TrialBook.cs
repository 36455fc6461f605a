using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search.Trials;

/// <summary>The record of every trial of one search: configurations, work, per-epoch histories, objectives and
/// statuses. A pure read model, changed only by the owning algorithm's <see cref="ISearchAlgorithm.Apply"/>.</summary>
public sealed class TrialBook
{
    private readonly List<TrialEntry> _trials = [];
    private readonly Dictionary<string, TrialEntry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkEntry> _work = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private long _finishedEpochs;
    // Best() kept up to date from the trials changed since it last ran: a job's summary asks for it several times a
    // second, and a scan of every trial each time cost a busy coordinator a fifth of its CPU at tens of thousands of trials.
    private readonly HashSet<TrialEntry> _changed = [];
    private TrialEntry? _best;
    private double _bestValue;
    private bool _rescan = true;

    internal TrialBook(ObjectiveKind objective) => Objective = objective;

    /// <summary>The metric a trial's objective is taken from.</summary>
    public ObjectiveKind Objective { get; }

    public int Count => _trials.Count;

    /// <summary>Work items started and not yet finished.</summary>
    public int RunningWork => _running.Count;

    /// <summary>Epochs actually trained: every epoch of finished work plus the epochs running work has reported.</summary>
    public long EpochsTrained => _finishedEpochs + _running.Sum(id => _work[id].ProvisionalEpochs);

    /// <summary>How many trials have a status matching <paramref name="predicate"/> (no snapshots: cheap enough for
    /// a progress line after every epoch).</summary>
    public int CountTrials(Func<TrialStatus, bool> predicate) => _trials.Count(t => predicate(t.Status));

    /// <summary>The objective of trial <paramref name="trialId"/> so far (see <see cref="TrialRecord.Objective"/>).</summary>
    public double? ObjectiveSoFar(string trialId) => Entry(trialId).Objective();

    /// <summary>The objective metric at the latest epoch work item <paramref name="workId"/>'s execution has reported
    /// (what a progress line shows beside the epoch); null before its first report in this work.</summary>
    public double? LatestValue(string workId)
    {
        var item = Work(workId);
        if (!Entry(item.TrialId).Executions.TryGetValue(item.Execution, out var execution) || execution.Epochs.Count == 0) return null;
        var latest = execution.Epochs.Values.Last();
        return latest.Epoch > item.FromEpoch ? latest.Value(Objective) : null;
    }

    /// <summary>Every trial, in creation order.</summary>
    public IReadOnlyList<TrialRecord> Trials() => _trials.Select(Snapshot).ToList();

    public TrialRecord Trial(string trialId) => Snapshot(Entry(trialId));

    public bool Contains(string trialId) => _byId.ContainsKey(trialId);

    /// <summary>The trial with the best objective (lowest loss, highest accuracy: <see cref="ObjectiveDirection"/>) among
    /// those not diverged or failed; ties go to the lower trial id. Null when none has an objective yet.</summary>
    public TrialRecord? Best()
    {
        // The best of the unchanged trials is still the cached one, unless it changed itself (it may have got worse).
        if (_best is not null && _changed.Contains(_best)) _rescan = true;
        if (_rescan)
        {
            (_best, _bestValue) = (null, 0);
            foreach (var trial in _trials) ConsiderForBest(trial);
            _rescan = false;
        }
        else
        {
            foreach (var trial in _changed) ConsiderForBest(trial);
        }
        _changed.Clear();
        return _best is null ? null : Snapshot(_best);
    }

    private void ConsiderForBest(TrialEntry trial)
    {
        if (!trial.Status.IsRankable() || trial.Objective() is not { } value) return;
        // Ties go to the earlier trial, as TrialOrder ranks them (trial ids stop sorting as text past t-9999).
        if (_best is null || Objective.IsBetter(value, _bestValue) || (value == _bestValue && trial.StartOrder < _best.StartOrder))
            (_best, _bestValue) = (trial, value);
    }

    /// <summary>Notes that a trial is about to change (its status, epochs or work), for <see cref="Best"/>, for
    /// <see cref="TakeTouched"/>, and so that its next snapshot is taken afresh. Every change goes through here.</summary>
    private TrialEntry Changed(TrialEntry trial)
    {
        trial.Snapshot = null;
        if (!_rescan) _changed.Add(trial);
        if (TrackTouched) _touched.Add(trial.Id);
        return trial;
    }

    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    /// <summary>Whether <see cref="TakeTouched"/> is kept: on while someone follows the job's changes.</summary>
    public bool TrackTouched { get; set; }

    /// <summary>The trials whose status, epochs or objective changed since the last call — including trials an algorithm
    /// changed as a consequence of another's result (a round's losers stopped) — and starts afresh.</summary>
    public IReadOnlyList<string> TakeTouched()
    {
        var touched = _touched.ToList();
        _touched.Clear();
        return touched;
    }

    /// <summary>The work item with id <paramref name="workId"/>, started earlier.</summary>
    public WorkItem Work(string workId) =>
        _work.TryGetValue(workId, out var work) ? work.Item : throw new KeyNotFoundException($"no work item '{workId}'");

    /// <summary>The finished work item of <paramref name="trialId"/>'s execution <paramref name="execution"/> that trained
    /// epoch <paramref name="epoch"/> (<c>FromEpoch &lt; epoch ≤ ToEpoch</c>); null when none did.</summary>
    public WorkItem? WorkThatTrained(string trialId, int execution, int epoch)
    {
        foreach (var work in _work.Values)
        {
            var item = work.Item;
            if (work.Finished && item.TrialId == trialId && item.Execution == execution && item.FromEpoch < epoch && epoch <= item.ToEpoch)
                return item;
        }
        return null;
    }

    /// <summary>The running work items, in start order.</summary>
    public IEnumerable<WorkItem> Running() => _work.Values.Where(w => !w.Finished).OrderBy(w => w.Sequence).Select(w => w.Item);

    // --- changed by the algorithms only -------------------------------------------------------------

    internal TrialStatus StatusOf(string trialId) => Entry(trialId).Status;

    internal double? ObjectiveOf(string trialId) => Entry(trialId).Objective();

    /// <summary>The trial's objective as a cost, lower is better whatever the objective (−accuracy for the maximized
    /// ones): what every algorithm ranks trials by. Null when the trial has no objective.</summary>
    internal double? CostOf(string trialId) => Entry(trialId).Objective() is { } value ? Objective.Cost(value) : null;

    /// <summary>Whether some work of the trial has started and not finished.</summary>
    internal bool HasRunningWork(string trialId) => _running.Any(id => _work[id].Item.TrialId == trialId);

    /// <summary>The ids of the trials whose status matches <paramref name="predicate"/>, in creation order (no snapshots).</summary>
    internal IReadOnlyList<string> TrialIds(Func<TrialStatus, bool> predicate) => _trials.Where(t => predicate(t.Status)).Select(t => t.Id).ToList();

    internal string? LastWorkId(string trialId, int execution) =>
        Entry(trialId).Executions.TryGetValue(execution, out var e) ? e.LastWorkId : null;

    internal void SetStatus(string trialId, TrialStatus status, string? error = null)
    {
        var trial = Changed(Entry(trialId));
        trial.Status = status;
        if (error is not null) trial.Error = error;
    }

    /// <summary>Registers a started work item, creating its trial when new. Returns true for a new trial.</summary>
    internal bool Start(WorkItem item)
    {
        if (_work.ContainsKey(item.WorkId))
            throw new InvalidOperationException($"work item '{item.WorkId}' was started twice");
        var isNew = !_byId.TryGetValue(item.TrialId, out var trial);
        if (trial is null)
        {
            trial = new TrialEntry(item.TrialId, item.Hyperparameters, item.Bracket, item.Iteration, this) { StartOrder = _trials.Count };
            _trials.Add(trial);
            _byId.Add(item.TrialId, trial);
        }
        else if (trial.Hyperparameters != item.Hyperparameters)
        {
            throw new InvalidOperationException($"work item '{item.WorkId}' names trial {item.TrialId} with other hyperparameters");
        }
        Changed(trial);
        trial.Round = Math.Max(trial.Round, item.Round);
        trial.Status = TrialStatus.Running;
        var execution = trial.Execution(item.Execution);
        execution.LastWorkId = item.WorkId;
        _work.Add(item.WorkId, new WorkEntry(item, _work.Count));
        _running.Add(item.WorkId);
        return isNew;
    }

    /// <summary>Records a live epoch report; a later report of the same epoch replaces it (a retried attempt).</summary>
    internal void Report(string workId, EpochMetrics epoch)
    {
        var work = RunningEntry(workId);
        if (epoch.Epoch <= work.Item.FromEpoch || epoch.Epoch > work.Item.ToEpoch) return; // not this work's epoch
        var execution = Changed(Entry(work.Item.TrialId)).Execution(work.Item.Execution);
        if (!execution.Epochs.ContainsKey(epoch.Epoch)) work.ProvisionalEpochs++;
        execution.Set(epoch);
    }

    /// <summary>Records a finished work item; the outcome's history replaces the live reports. Returns the
    /// effective outcome: a completed run with a non-finite value is diverged, one that never measured the
    /// objective failed.</summary>
    internal (WorkItem Item, WorkOutcomeKind Kind, string? Error) Finish(string workId, WorkOutcome outcome)
    {
        var work = RunningEntry(workId);
        work.Finished = true;
        work.ProvisionalEpochs = 0; // counted in _finishedEpochs now; a book rebuilt without the live reports holds the same
        _running.Remove(workId);
        var item = work.Item;
        var execution = Changed(Entry(item.TrialId)).Execution(item.Execution);
        execution.ClearRange(item.FromEpoch, item.ToEpoch);
        var kept = 0;
        foreach (var epoch in outcome.History)
        {
            if (epoch.Epoch <= item.FromEpoch || epoch.Epoch > item.ToEpoch) continue;
            execution.Set(epoch);
            kept++;
        }
        _finishedEpochs += kept;

        var kind = outcome.Kind;
        var error = outcome.Error;
        if (kind == WorkOutcomeKind.Completed && outcome.History.FirstOrDefault(e => !double.IsFinite(e.Loss) || e.Value(Objective) is { } v && !double.IsFinite(v)) is { } diverged)
            (kind, error) = (WorkOutcomeKind.Diverged, double.IsFinite(diverged.Loss)
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Objective.Word()} became {diverged.Value(Objective)} in epoch {diverged.Epoch}")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"training loss became {diverged.Loss} in epoch {diverged.Epoch}"));
        else if (kind == WorkOutcomeKind.Completed && execution.Best() is null)
            (kind, error) = (WorkOutcomeKind.Failed, $"no {Objective.Word()} was reported");
        if (kind == WorkOutcomeKind.Failed && string.IsNullOrEmpty(error)) error = "training failed";
        // A diverged trial says where (the worker's words: "training loss became NaN in epoch 3"), so its row is not blank.
        if (kind == WorkOutcomeKind.Diverged && string.IsNullOrEmpty(error)) error = "the loss became NaN or infinite";
        return (item, kind, error);
    }

    private TrialEntry Entry(string trialId) =>
        _byId.TryGetValue(trialId, out var trial) ? trial : throw new InvalidOperationException($"no trial '{trialId}'");

    private WorkEntry RunningEntry(string workId)
    {
        if (!_work.TryGetValue(workId, out var work)) throw new InvalidOperationException($"no work item '{workId}' was started");
        if (work.Finished) throw new InvalidOperationException($"work item '{workId}' already finished");
        return work;
    }

    /// <summary>The trial as an immutable record, kept until the trial changes (or <see cref="ForgetRecords"/>): results.json
    /// of a running job of 100,000 trials is asked for every second while its dashboard is open, and re-copying every
    /// unchanged trial's history each time took most of the job actor's time.</summary>
    private static TrialRecord Snapshot(TrialEntry trial) => trial.Snapshot ??= TakeSnapshot(trial);

    /// <summary>Drops the kept records (<see cref="Trials"/> takes them again): a few hundred bytes a trial that a job
    /// nobody looks at need not hold.</summary>
    public void ForgetRecords()
    {
        foreach (var trial in _trials) trial.Snapshot = null;
    }

    private static TrialRecord TakeSnapshot(TrialEntry trial)
    {
        var executions = trial.Executions.Values.OrderBy(e => e.Index)
            .Select(e => new ExecutionRecord(e.Index, trial.Status is TrialStatus.Diverged or TrialStatus.Failed ? null : e.Best(), e.MaxEpoch, e.FiniteHistory().ToValueList(), e.LastWorkId))
            .ToList();
        var objective = trial.Book.Objective;
        var best = executions.Where(e => e.Objective is not null).OrderBy(e => objective.Cost(e.Objective!.Value)).ThenBy(e => e.Execution).FirstOrDefault()
                   ?? executions.FirstOrDefault();
        return new TrialRecord(
            trial.Id, trial.Hyperparameters, trial.Status, trial.Objective(), executions.Count == 0 ? 0 : executions.Max(e => e.Epochs),
            MeanHistory(executions), trial.Bracket, trial.Iteration, trial.Round, trial.Error, executions.ToValueList(), best?.LastWorkId);
    }

    private static ValueList<EpochMetrics> MeanHistory(List<ExecutionRecord> executions)
    {
        if (executions.Count == 1) return executions[0].History;
        // Per-epoch mean over the executions that reached that epoch: one curve to plot.
        return executions.SelectMany(e => e.History).GroupBy(e => e.Epoch).OrderBy(g => g.Key)
            .Select(g => new EpochMetrics(g.Key, g.Average(e => e.Loss), Mean(g, e => e.ValLoss), Mean(g, e => e.Accuracy), Mean(g, e => e.ValAccuracy)))
            .ToValueList();

        static double? Mean(IEnumerable<EpochMetrics> epochs, Func<EpochMetrics, double?> metric) =>
            epochs.All(e => metric(e) is not null) ? epochs.Average(e => metric(e)!.Value) : null;
    }

    private sealed class WorkEntry(WorkItem item, int sequence)
    {
        public WorkItem Item { get; } = item;
        public int Sequence { get; } = sequence;
        public bool Finished { get; set; }
        public int ProvisionalEpochs { get; set; }
    }

    private sealed class TrialEntry(string id, Hyperparameters hyperparameters, int? bracket, int? iteration, TrialBook book)
    {
        public TrialBook Book { get; } = book;
        public string Id { get; } = id;
        public int StartOrder { get; init; }
        public Hyperparameters Hyperparameters { get; } = hyperparameters;
        public int? Bracket { get; } = bracket;
        public int? Iteration { get; } = iteration;
        public int Round { get; set; }
        public TrialStatus Status { get; set; } = TrialStatus.Running;
        public string? Error { get; set; }
        public SortedDictionary<int, ExecutionEntry> Executions { get; } = [];

        /// <summary>The record of the trial as it is now; cleared by every change (<see cref="TrialBook.Changed"/>).</summary>
        public TrialRecord? Snapshot { get; set; }

        public ExecutionEntry Execution(int index)
        {
            if (!Executions.TryGetValue(index, out var execution))
                Executions[index] = execution = new ExecutionEntry(index, Book.Objective);
            return execution;
        }

        /// <summary>Mean over executions of each one's best value; null when diverged, failed or unmeasured.</summary>
        public double? Objective()
        {
            if (Status is TrialStatus.Diverged or TrialStatus.Failed) return null;
            double sum = 0;
            var count = 0;
            foreach (var execution in Executions.Values)
            {
                if (execution.Best() is not { } best) continue;
                sum += best;
                count++;
            }
            return count == 0 ? null : sum / count;
        }
    }

    private sealed class ExecutionEntry(int index, ObjectiveKind objective)
    {
        private double? _best;
        private bool _bestKnown;

        public int Index { get; } = index;
        public string? LastWorkId { get; set; }
        public SortedDictionary<int, EpochMetrics> Epochs { get; } = [];
        public int MaxEpoch => Epochs.Count == 0 ? 0 : Epochs.Keys.Max();

        public void Set(EpochMetrics epoch)
        {
            Epochs[epoch.Epoch] = epoch;
            Forget();
        }

        public void ClearRange(int fromEpoch, int toEpoch)
        {
            foreach (var key in Epochs.Keys.Where(k => k > fromEpoch && k <= toEpoch).ToList())
                Epochs.Remove(key);
            Forget();
        }

        /// <summary>The cached best is recomputed on the next ask; cleared too, so a book that saw live reports before the
        /// outcome and one that saw only the outcome hold the same fields.</summary>
        private void Forget() => (_best, _bestKnown) = (null, false);

        /// <summary>The best finite value of the objective metric over every epoch so far (lowest loss, highest accuracy).</summary>
        public double? Best()
        {
            if (_bestKnown) return _best;
            _best = null;
            foreach (var epoch in Epochs.Values)
                if (epoch.Value(objective) is { } v && double.IsFinite(v) && (_best is null || objective.IsBetter(v, _best.Value)))
                    _best = v;
            _bestKnown = true;
            return _best;
        }

        public IEnumerable<EpochMetrics> FiniteHistory() =>
            Epochs.Values.Where(e => double.IsFinite(e.Loss) && (e.ValLoss is not { } v || double.IsFinite(v)));
    }
}
