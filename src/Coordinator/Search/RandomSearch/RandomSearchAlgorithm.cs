using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search.RandomSearch;

/// <summary>Random search as Keras Tuner's RandomSearch: up to <c>maxTrials</c> configurations, each trained
/// <c>executionsPerTrial</c> times from different initial weights for <c>epochs</c> epochs; the trial's
/// objective is the mean of its executions' objectives.</summary>
/// <remarks>Trials start in id order and all executions of a trial are dispatched before the next trial, so
/// trial n always has the configuration drawn from stream <c>random/trial/n</c>. A configuration already tried
/// is redrawn; when the space is exhausted the search ends early.</remarks>
public sealed class RandomSearchAlgorithm : SearchAlgorithm
{
    private readonly RandomSearchSpec _spec;
    private readonly HashSet<Hyperparameters> _seen = [];
    private readonly Dictionary<string, TrialProgress> _progress = new(StringComparer.Ordinal);
    private TrialProgress? _current;

    public RandomSearchAlgorithm(SearchContext context, RandomSearchSpec spec) : base(context) => _spec = spec;

    public override long? PlannedEpochs => (long)_spec.MaxTrials * _spec.ExecutionsPerTrial * _spec.Epochs;

    protected override SearchDecision DecideNext()
    {
        if (_current is { } trial && trial.Dispatched < _spec.ExecutionsPerTrial)
            return Run(trial.Id, trial.Hyperparameters, trial.Dispatched);
        if (_progress.Count < _spec.MaxTrials)
        {
            var number = _progress.Count + 1;
            if (ConfigurationSampler.Draw(Context, $"random/trial/{number}", _seen, allowRepeat: false) is { } configuration)
                return Run(TrialIds.Trial(number), configuration, 0);
        }
        return Idle();
    }

    private SearchDecision.Run Run(string trialId, Hyperparameters configuration, int execution) =>
        new(new WorkItem(
            TrialIds.Work(trialId, 0, execution), trialId, configuration, TrialIds.TrainingSeed(Context.Seed, trialId, execution),
            execution, Round: 0, FromEpoch: 0, ToEpoch: _spec.Epochs, ResumeFrom: null));

    protected override void OnStarted(WorkItem item, bool isNewTrial)
    {
        if (isNewTrial)
        {
            _current = new TrialProgress(item.TrialId, item.Hyperparameters);
            _progress.Add(item.TrialId, _current);
            _seen.Add(item.Hyperparameters);
        }
        _progress[item.TrialId].Dispatched++;
    }

    protected override void OnFinished(WorkItem item, WorkOutcomeKind kind)
    {
        var trial = _progress[item.TrialId];
        trial.Finished++;
        if (Severity(kind) > Severity(trial.Worst)) trial.Worst = kind;
        if (trial.Finished < _spec.ExecutionsPerTrial) return;
        // Every execution is in: the trial is as good as its worst execution (one diverged run makes the mean meaningless).
        var status = trial.Worst switch
        {
            WorkOutcomeKind.Completed => TrialStatus.Completed,
            WorkOutcomeKind.Diverged => TrialStatus.Diverged,
            WorkOutcomeKind.Failed => TrialStatus.Failed,
            _ => TrialStatus.Cancelled,
        };
        Book.SetStatus(item.TrialId, status);
    }

    /// <summary>How badly an execution ended, for "the trial is as good as its worst execution".</summary>
    private static int Severity(WorkOutcomeKind kind) => kind switch
    {
        WorkOutcomeKind.Completed => 0,
        WorkOutcomeKind.Diverged => 1,
        WorkOutcomeKind.Failed => 2,
        WorkOutcomeKind.Cancelled => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown outcome"),
    };

    private sealed class TrialProgress(string id, Hyperparameters hyperparameters)
    {
        public string Id { get; } = id;
        public Hyperparameters Hyperparameters { get; } = hyperparameters;
        public int Dispatched { get; set; }
        public int Finished { get; set; }
        public WorkOutcomeKind Worst { get; set; } = WorkOutcomeKind.Completed;
    }
}
