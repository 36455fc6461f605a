using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search.Hyperband;

/// <summary>Hyperband (Li et al., JMLR 2018, Algorithm 1) over <see cref="HyperbandSchedule"/>, with brackets run
/// concurrently: a bracket's next round starts as soon as its current round is complete, and while a round
/// waits for its last trials, free workers take work from the next bracket. No worker idles while any bracket
/// has work to hand out.</summary>
/// <remarks>
/// <para>Round i of bracket s trains its n_i trials to r_i epochs; when all are in, the best ⌊n_i/η⌋ by objective
/// (a trial's best epoch value so far, ranked by the objective's direction: <see cref="TrialBook.CostOf"/>) are promoted and <b>continue from their checkpoints</b>, training only
/// r_{i+1} − r_i more epochs. Diverged and failed trials rank last and are never promoted, so a round after
/// failures may hold fewer trials; a round with no valid trial ends its bracket. Ties go to the lower trial id.</para>
/// <para>Earlier brackets have priority (iteration 0 before 1, s_max before 0). Trial ids are assigned per
/// bracket in advance (bracket s_max of iteration 0 owns t-0001 … t-n), and trial j of a bracket draws its
/// configuration from stream <c>hyperband/{iteration}/{s}/{j}</c>, so ids and configurations do not depend on
/// worker timing; the whole search is reproducible from the seed for any number of workers. Repeats within
/// a bracket are redrawn, but the schedule is kept exact even in a tiny space.</para>
/// <para>BOHB (<see cref="Bohb.BohbAlgorithm"/>) runs this schedule unchanged and only chooses round-0 configurations
/// differently: <see cref="NewConfiguration"/>, told of every start and end through <see cref="Observe"/>.</para>
/// </remarks>
public class HyperbandAlgorithm : SearchAlgorithm
{
    private readonly List<BracketRun> _runs = [];

    public HyperbandAlgorithm(SearchContext context, HyperbandSpec spec) : base(context)
    {
        Schedule = HyperbandSchedule.Create(spec.MaxEpochs, spec.Factor, spec.Iterations);
        var firstTrial = 1;
        for (var iteration = 0; iteration < Schedule.Iterations; iteration++)
        {
            foreach (var bracket in Schedule.Brackets)
            {
                _runs.Add(new BracketRun(iteration, bracket, firstTrial));
                firstTrial += bracket.Rounds[0].Trials;
            }
        }
    }

    public HyperbandSchedule Schedule { get; }

    public override long? PlannedEpochs => Schedule.TotalEpochs;

    protected override SearchDecision DecideNext()
    {
        foreach (var run in _runs)
        {
            if (run.Done) continue;
            var round = run.Bracket.Rounds[run.Round];
            if (run.Round == 0)
            {
                if (run.RoundTrials.Count < round.Trials)
                {
                    var j = run.RoundTrials.Count;
                    var configuration = NewConfiguration(run.Iteration, run.Bracket.Bracket, j, run.Seen);
                    var trialId = TrialIds.Trial(run.FirstTrial + j);
                    return Run(run, trialId, configuration, fromEpoch: 0, resumeFrom: null);
                }
            }
            else
            {
                foreach (var trialId in run.RoundTrials)
                {
                    if (run.Dispatched.Contains(trialId)) continue;
                    var previous = run.Bracket.Rounds[run.Round - 1].Epochs;
                    var resumeFrom = Book.LastWorkId(trialId, 0)!;
                    return Run(run, trialId, Book.Work(resumeFrom).Hyperparameters, previous, resumeFrom);
                }
            }
        }
        return Idle();
    }

    /// <summary>The configuration of trial <paramref name="index"/> of round 0 of bracket <paramref name="bracket"/> in
    /// iteration <paramref name="iteration"/>: Hyperband's, drawn from stream <c>hyperband/{iteration}/{s}/{j}</c>, redrawn
    /// when <paramref name="seenInBracket"/> has it. An override must not change state (it runs inside Decide).</summary>
    protected virtual Hyperparameters NewConfiguration(int iteration, int bracket, int index, IReadOnlySet<Hyperparameters> seenInBracket) =>
        RandomConfiguration(iteration, bracket, index, seenInBracket);

    /// <summary>Hyperband's own draw for that place (what <see cref="NewConfiguration"/> returns by default).</summary>
    protected Hyperparameters RandomConfiguration(int iteration, int bracket, int index, IReadOnlySet<Hyperparameters> seenInBracket) =>
        ConfigurationSampler.Draw(Context, $"hyperband/{iteration}/{bracket}/{index}", seenInBracket, allowRepeat: true)!;

    /// <summary>A work item started (<paramref name="kind"/> null) or ended; called before any promotion it causes.</summary>
    protected virtual void Observe(WorkItem item, WorkOutcomeKind? kind) { }

    private SearchDecision.Run Run(BracketRun run, string trialId, Hyperparameters configuration, int fromEpoch, string? resumeFrom) =>
        new(new WorkItem(
            TrialIds.Work(trialId, run.Round, 0), trialId, configuration, TrialIds.TrainingSeed(Context.Seed, trialId, 0),
            Execution: 0, run.Round, fromEpoch, run.Bracket.Rounds[run.Round].Epochs, resumeFrom, run.Bracket.Bracket, run.Iteration));

    protected sealed override void OnStarted(WorkItem item, bool isNewTrial)
    {
        var run = RunOf(item);
        if (item.Round != run.Round)
            throw new InvalidOperationException($"work item '{item.WorkId}' is for round {item.Round}, but bracket {run.Bracket.Bracket} is in round {run.Round}");
        if (isNewTrial)
        {
            if (item.Round != 0) throw new InvalidOperationException($"work item '{item.WorkId}' starts a new trial after round 0");
            run.RoundTrials.Add(item.TrialId);
            run.Seen.Add(item.Hyperparameters);
        }
        run.Dispatched.Add(item.TrialId);
        Observe(item, null);
    }

    protected sealed override void OnFinished(WorkItem item, WorkOutcomeKind kind)
    {
        var run = RunOf(item);
        Observe(item, kind);
        var last = run.Round == run.Bracket.Rounds.Count - 1;
        if (kind == WorkOutcomeKind.Completed)
            Book.SetStatus(item.TrialId, last ? TrialStatus.Completed : TrialStatus.Waiting);
        run.Finished++;
        var roundSize = run.Round == 0 ? run.Bracket.Rounds[0].Trials : run.RoundTrials.Count;
        if (run.Finished < roundSize) return;

        if (last)
        {
            run.Done = true;
            return;
        }
        // top_k(T, L, ⌊n_i/η⌋): the schedule's n_{i+1}, from the trials that trained validly, best first.
        var keep = run.Bracket.Rounds[run.Round + 1].Trials;
        var ranked = run.RoundTrials
            .Where(id => Book.StatusOf(id) == TrialStatus.Waiting && Book.CostOf(id) is not null)
            .OrderBy(id => Book.CostOf(id)!.Value).ThenBy(id => id, StringComparer.Ordinal)
            .ToList();
        var promoted = ranked.Take(keep).ToList();
        foreach (var id in ranked.Skip(keep)) Book.SetStatus(id, TrialStatus.Stopped);
        foreach (var id in promoted) Book.SetStatus(id, TrialStatus.Running);
        if (promoted.Count == 0)
        {
            run.Done = true;
            return;
        }
        run.Round++;
        run.RoundTrials.Clear();
        run.RoundTrials.AddRange(promoted);
        run.Dispatched.Clear();
        run.Finished = 0;
    }

    private BracketRun RunOf(WorkItem item) =>
        _runs.FirstOrDefault(r => r.Iteration == item.Iteration && r.Bracket.Bracket == item.Bracket)
        ?? throw new InvalidOperationException($"work item '{item.WorkId}' names no bracket of this schedule (iteration {item.Iteration}, bracket {item.Bracket})");

    /// <summary>The progress of one bracket of one iteration.</summary>
    private sealed class BracketRun(int iteration, HyperbandBracket bracket, int firstTrial)
    {
        public int Iteration { get; } = iteration;
        public HyperbandBracket Bracket { get; } = bracket;
        public int FirstTrial { get; } = firstTrial;
        public int Round { get; set; }
        /// <summary>The current round's trials: created so far in round 0, the promoted ones after.</summary>
        public List<string> RoundTrials { get; } = [];
        public HashSet<string> Dispatched { get; } = new(StringComparer.Ordinal);
        public int Finished { get; set; }
        public HashSet<Hyperparameters> Seen { get; } = [];
        public bool Done { get; set; }
    }
}
