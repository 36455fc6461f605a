using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search.FullBudget;

/// <summary>What random, Bayesian, TPE and grid search share: up to <c>maxTrials</c> configurations, each trained
/// <c>executionsPerTrial</c> times from different initial weights for the full <c>epochs</c>; a trial's objective is the
/// mean of its executions' objectives. Subclasses only choose configuration n.</summary>
/// <remarks>Trials start in id order and all executions of a trial are dispatched before the next trial, so trial n's
/// configuration is chosen once, when it is first dispatched, from what the search knows then: the trials before it
/// (finished with their objectives, or still running). <see cref="Propose"/> must be a function of that state alone,
/// so a replayed journal proposes the same configuration. A subclass that returns null ends the search (space exhausted).</remarks>
public abstract class FullBudgetSearch : SearchAlgorithm
{
    private readonly List<TrialProgress> _trials = [];
    private readonly Dictionary<string, TrialProgress> _byId = new(StringComparer.Ordinal);
    private readonly HashSet<Hyperparameters> _seen = [];
    private TrialProgress? _current;
    private int _finished;
    private (long Version, int Number, Hyperparameters? Configuration)? _proposal;

    protected FullBudgetSearch(SearchContext context, int maxTrials, int executionsPerTrial, int epochs) : base(context)
    {
        MaxTrials = maxTrials;
        ExecutionsPerTrial = executionsPerTrial;
        Epochs = epochs;
    }

    protected int MaxTrials { get; }

    protected int ExecutionsPerTrial { get; }

    protected int Epochs { get; }

    public override long? PlannedEpochs => (long)MaxTrials * ExecutionsPerTrial * Epochs;

    /// <summary>Changes whenever a trial starts or finishes: what a cached proposal depends on.</summary>
    protected long Version { get; private set; }

    /// <summary>Every trial so far, in id order.</summary>
    protected IReadOnlyList<TrialProgress> Trials => _trials;

    /// <summary>Trials whose every execution has finished (completed, diverged or failed).</summary>
    protected int FinishedTrials => _finished;

    /// <summary>Configurations tried so far (running or finished).</summary>
    protected IReadOnlySet<Hyperparameters> Seen => _seen;

    protected sealed override SearchDecision DecideNext()
    {
        if (_current is { } trial && trial.Dispatched < ExecutionsPerTrial)
            return Run(trial.Id, trial.Hyperparameters, trial.Dispatched);
        if (_trials.Count < MaxTrials)
        {
            var number = _trials.Count + 1;
            // Propose may be costly (a model fit): once per state, however often the runtime asks.
            if (_proposal is not { } cached || cached.Version != Version || cached.Number != number)
                _proposal = cached = (Version, number, Propose(number));
            if (cached.Configuration is { } configuration)
                return Run(TrialIds.Trial(number), configuration, 0);
        }
        return Idle();
    }

    protected sealed override SearchExhaustion? Shortfall => _trials.Count < MaxTrials ? new(_trials.Count, MaxTrials) : null;

    /// <summary>The configuration of trial <paramref name="number"/> (1-based), or null when there is none left to try.
    /// Pure: a function of <see cref="Trials"/>, their objectives and the seed.</summary>
    protected abstract Hyperparameters? Propose(int number);

    private SearchDecision.Run Run(string trialId, Hyperparameters configuration, int execution) =>
        new(new WorkItem(
            TrialIds.Work(trialId, 0, execution), trialId, configuration, TrialIds.TrainingSeed(Context.Seed, trialId, execution),
            execution, Round: 0, FromEpoch: 0, ToEpoch: Epochs, ResumeFrom: null));

    protected sealed override void OnStarted(WorkItem item, bool isNewTrial)
    {
        if (isNewTrial)
        {
            _current = new TrialProgress(item.TrialId, item.Hyperparameters);
            _trials.Add(_current);
            _byId.Add(item.TrialId, _current);
            _seen.Add(item.Hyperparameters);
            Version++;
        }
        _byId[item.TrialId].Dispatched++;
    }

    protected sealed override void OnFinished(WorkItem item, WorkOutcomeKind kind)
    {
        var trial = _byId[item.TrialId];
        trial.Finished++;
        if (Severity(kind) > Severity(trial.Worst)) trial.Worst = kind;
        if (trial.Finished < ExecutionsPerTrial) return;
        // Every execution is in: the trial is as good as its worst execution (one diverged run makes the mean meaningless).
        var status = trial.Worst switch
        {
            WorkOutcomeKind.Completed => TrialStatus.Completed,
            WorkOutcomeKind.Diverged => TrialStatus.Diverged,
            WorkOutcomeKind.Failed => TrialStatus.Failed,
            _ => TrialStatus.Cancelled,
        };
        Book.SetStatus(item.TrialId, status);
        trial.Status = status;
        trial.Objective = status == TrialStatus.Completed ? Book.ObjectiveOf(item.TrialId) : null;
        trial.FinishOrder = _finished++;
        Version++;
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

    /// <summary>One trial as the proposal sees it.</summary>
    protected sealed class TrialProgress(string id, Hyperparameters hyperparameters)
    {
        public string Id { get; } = id;
        public Hyperparameters Hyperparameters { get; } = hyperparameters;
        public int Dispatched { get; set; }
        public int Finished { get; set; }
        public WorkOutcomeKind Worst { get; set; } = WorkOutcomeKind.Completed;

        /// <summary>Running until every execution finished; then completed, diverged, failed or cancelled.</summary>
        public TrialStatus Status { get; set; } = TrialStatus.Running;

        /// <summary>The trial's objective once completed (the mean of its executions' best epochs).</summary>
        public double? Objective { get; set; }

        /// <summary>0 for the first trial to finish, 1 for the next, …; −1 while running.</summary>
        public int FinishOrder { get; set; } = -1;

        public bool IsPending => Status == TrialStatus.Running;
    }
}
