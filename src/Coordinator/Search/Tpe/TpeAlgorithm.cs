using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.FullBudget;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search.Tpe;

/// <summary>The tree-structured Parzen estimator as Optuna's TPESampler with its defaults (PRODUCT.md §7): random
/// configurations until <c>startupTrials</c> trials have finished, then for each hyperparameter independently, the best
/// γ(n) = min(⌈0.1·n⌉, 25) observations make a density l(x) and the rest g(x); of 24 values drawn from l, the one with
/// the largest l(x)/g(x) is taken.</summary>
/// <remarks>
/// <para>Optuna's details: the prior (weight 1), the magic clip of the bandwidths, endpoints not considered, and its
/// weights (the 25 newest observations of g weigh 1, older ones ramp down). See <see cref="ParzenEstimator"/>.</para>
/// <para>Asynchronous as Optuna's <c>constant_liar</c>: running trials count as observations with the worst objective, so
/// they fall in g and W workers are steered apart; as in Optuna, γ(n) counts only finished trials, so W running trials
/// do not pull mediocre results into l. A diverged trial also counts as the worst; a failed one is left out.
/// Unlike Optuna, only finished trials count toward <c>startupTrials</c> (running ones carry no information).</para>
/// <para>Configuration n is a function of the trials before it and stream <c>tpe/trial/n</c>: reproducible and replayable.
/// A configuration already tried is replaced by a random one not yet tried.</para>
/// </remarks>
public sealed class TpeAlgorithm : FullBudgetSearch
{
    /// <summary>Optuna's n_ei_candidates.</summary>
    public const int Candidates = 24;

    private readonly TpeSpec _spec;

    public TpeAlgorithm(SearchContext context, TpeSpec spec) : base(context, spec.MaxTrials, spec.ExecutionsPerTrial, spec.Epochs) => _spec = spec;

    protected override Hyperparameters? Propose(int number)
    {
        var stream = $"tpe/trial/{number}";
        if (FinishedTrials < _spec.StartupTrials)
            return ConfigurationSampler.Draw(Context, stream, Seen, allowRepeat: false);

        // Observations in trial order: completed ones with their loss; running and diverged ones at +∞ (the constant liar).
        var observed = new List<(Hyperparameters Configuration, Observation Observation)>();
        foreach (var trial in Trials)
        {
            if (trial.Status == TrialStatus.Completed && trial.Objective is { } objective) observed.Add((trial.Hyperparameters, new(Context.Loss(objective), false)));
            else if (trial.IsPending || trial.Status == TrialStatus.Diverged) observed.Add((trial.Hyperparameters, new(double.PositiveInfinity, trial.IsPending)));
        }
        var (below, above) = Split([.. observed.Select(o => o.Observation)]);
        var good = below.Select(i => observed[i].Configuration).ToList();
        var bad = above.Select(i => observed[i].Configuration).ToList();
        var goodWeights = Weights(good.Count);
        var badWeights = Weights(bad.Count);

        var random = DeterministicRandom.ForStream(Context.Seed, stream);
        var values = new List<KeyValuePair<string, HyperparameterValue>>();
        for (var i = 0; i < Context.Space.Parameters.Count; i++)
        {
            var parameter = Context.Space.Parameters[i];
            if (parameter is FixedParameter fixedParameter)
            {
                values.Add(new(parameter.Name, fixedParameter.Value));
                continue;
            }
            var l = new ParzenEstimator(parameter, [.. good.Select(c => c[i].Value)], goodWeights);
            var g = new ParzenEstimator(parameter, [.. bad.Select(c => c[i].Value)], badWeights);
            HyperparameterValue best = default;
            var bestScore = double.NegativeInfinity;
            for (var s = 0; s < Candidates; s++)
            {
                var candidate = l.Sample(random);
                var score = l.LogDensity(candidate) - g.LogDensity(candidate);
                if (s == 0 || score > bestScore) (best, bestScore) = (candidate, score);
            }
            values.Add(new(parameter.Name, best));
        }
        var configuration = new Hyperparameters(values);
        return Seen.Contains(configuration) ? ConfigurationSampler.Draw(Context, stream + "/fallback", Seen, allowRepeat: false) : configuration;
    }

    /// <summary>Optuna's _split_trials for one objective: the γ(n) best finished observations (n counts finished ones only,
    /// running ones are ignored as in Optuna) make l, everything else — the rest and every running trial — makes g; both
    /// in trial order. Ties go to the earlier trial; a running trial is never in l.</summary>
    internal static (List<int> Below, List<int> Above) Split(IReadOnlyList<Observation> observations)
    {
        var finished = new List<int>();
        for (var i = 0; i < observations.Count; i++)
            if (!observations[i].Pending) finished.Add(i);
        var n = Math.Min(Gamma(finished.Count), finished.Count);
        var below = finished.OrderBy(i => observations[i].Loss).ThenBy(i => i).Take(n).Order().ToList();
        var inBelow = new HashSet<int>(below);
        var above = Enumerable.Range(0, observations.Count).Where(i => !inBelow.Contains(i)).ToList();
        return (below, above);
    }

    /// <summary>One trial as TPE sees it: its loss (+∞ for a running or diverged trial) and whether it is still running.</summary>
    internal readonly record struct Observation(double Loss, bool Pending);

    /// <summary>Optuna's default_gamma: min(⌈0.1·n⌉, 25).</summary>
    public static int Gamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>Optuna's default_weights in chronological order: all 1 below 25 observations, else a ramp from 1/n to 1
    /// over the oldest n − 25 and 1 for the newest 25.</summary>
    public static double[] Weights(int n)
    {
        var weights = new double[n];
        if (n < 25)
        {
            Array.Fill(weights, 1.0);
            return weights;
        }
        var ramp = n - 25;
        for (var i = 0; i < ramp; i++) weights[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
        for (var i = ramp; i < n; i++) weights[i] = 1;
        return weights;
    }
}
