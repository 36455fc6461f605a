using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.FullBudget;
using Tuner.Coordinator.Search.Space;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search.Bayesian;

/// <summary>Bayesian optimization as Keras Tuner's BayesianOptimization (PRODUCT.md §7): <c>numInitialPoints</c> random
/// configurations (default 3 × the tuned dimensions), then each configuration minimizes the lower confidence bound
/// mean − beta·deviation of a Gaussian process fitted to the finished trials.</summary>
/// <remarks>
/// <para>The process: a Matérn 5/2 kernel with a length scale per coordinate of the normalized space (log dimensions in
/// log space, choices one-hot), hyperparameters by marginal likelihood (<see cref="KernelFit"/>), noise <c>alpha</c>, on
/// the standardized objective. A diverged trial counts as the worst objective seen; a failed one is left out.</para>
/// <para>Pending trials are fantasized as Keras Tuner does: each gets the pessimistic value mean + deviation predicted
/// from the finished ones, so W workers get W different configurations.</para>
/// <para>Reproducible and replayable: configuration n is a function of the trials before it (in the order they finished)
/// and of stream <c>bayesian/trial/n</c>. The kernel's hyperparameters are refitted on a schedule of finished-trial
/// counts (every count up to 40, then every 15 %), each fit on the first m trials to finish (at most 150 of them,
/// evenly spaced), so they too depend only on the journal.</para>
/// <para>A proposal already tried falls back to the next best point, then to a random configuration not yet tried.</para>
/// </remarks>
public sealed class BayesianAlgorithm : FullBudgetSearch
{
    private const int FullFitUpTo = 40;
    private const double RefitGrowth = 1.15;
    private const int MaxFitPoints = 150;

    private readonly BayesianSpec _spec;
    private readonly SpaceEncoding _encoding;
    private readonly Dictionary<int, MaternKernel> _kernels = [];
    private readonly KernelFactorCache _factors = new(); // each fit extends the last: trials only ever finish or start

    public BayesianAlgorithm(SearchContext context, BayesianSpec spec)
        : base(context, spec.MaxTrials, spec.ExecutionsPerTrial, spec.Epochs)
    {
        _spec = spec;
        _encoding = new SpaceEncoding(context.Space);
        InitialPoints = spec.InitialPoints(context.Space);
    }

    /// <summary>Random configurations before the model proposes.</summary>
    public int InitialPoints { get; }

    protected override Hyperparameters? Propose(int number)
    {
        var stream = $"bayesian/trial/{number}";
        var finished = FinishedObservations();
        if (finished.Count < InitialPoints || _encoding.Width == 0 || finished.All(o => o.Y is null))
            return ConfigurationSampler.Draw(Context, stream, Seen, allowRepeat: false);

        var (points, y) = Standardized(finished);
        var kernel = KernelFor(finished);
        var process = GaussianProcess.Fit(points, y, kernel, _spec.Alpha, _factors);
        var pending = Trials.Where(t => t.IsPending).Select(t => _encoding.OneHot(t.Hyperparameters)).ToList();
        if (pending.Count > 0)
        {
            // Fantasize the running trials pessimistically (mean + deviation), then condition on them too.
            var allPoints = points.Concat(pending).ToArray();
            var allY = new double[allPoints.Length];
            y.CopyTo(allY, 0);
            var means = new double[pending.Count];
            var deviations = new double[pending.Count];
            process.PredictMany(pending, means, deviations);
            for (var i = 0; i < pending.Count; i++) allY[points.Length + i] = means[i] + deviations[i];
            process = GaussianProcess.Fit(allPoints, allY, kernel, _spec.Alpha, _factors);
        }
        // The best observed configurations start local searches too: exploitation near the incumbent.
        var incumbents = Enumerable.Range(0, points.Length).OrderBy(i => y[i]).Take(2).Select(i => points[i]);
        var random = DeterministicRandom.ForStream(Context.Seed, stream);
        return ConfidenceBoundSearch.Minimize(process, _spec.Beta, _encoding, Context.Space, random, Seen, incumbents)
               ?? ConfigurationSampler.Draw(Context, stream + "/fallback", Seen, allowRepeat: false);
    }

    /// <summary>The finished trials in the order they finished: each with its loss (lower is better), or null for a diverged
    /// trial (valued later as the worst); failed and cancelled ones are left out.</summary>
    private List<(Hyperparameters Configuration, double? Y)> FinishedObservations()
    {
        var finished = new List<(Hyperparameters, double?, int)>();
        foreach (var trial in Trials)
        {
            if (trial.Status == TrialStatus.Completed && trial.Objective is { } objective) finished.Add((trial.Hyperparameters, Context.Loss(objective), trial.FinishOrder));
            else if (trial.Status == TrialStatus.Diverged) finished.Add((trial.Hyperparameters, null, trial.FinishOrder));
        }
        return [.. finished.OrderBy(f => f.Item3).Select(f => (f.Item1, f.Item2))];
    }

    /// <summary>One-hot points and standardized values (diverged trials at the worst value).</summary>
    private (double[][] Points, double[] Y) Standardized(IReadOnlyList<(Hyperparameters Configuration, double? Y)> observations)
    {
        var known = observations.Where(o => o.Y is not null).Select(o => o.Y!.Value).ToList();
        var worst = known.Max();
        var values = observations.Select(o => o.Y ?? worst).ToArray();
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        var scale = variance > 0 ? Math.Sqrt(variance) : 1;
        return ([.. observations.Select(o => _encoding.OneHot(o.Configuration))], [.. values.Select(v => (v - mean) / scale)]);
    }

    /// <summary>The kernel fitted at the last refit point m ≤ the finished count, on the first m finished trials.</summary>
    private MaternKernel KernelFor(List<(Hyperparameters Configuration, double? Y)> finished)
    {
        var m = RefitPoint(finished.Count);
        if (_kernels.TryGetValue(m, out var kernel)) return kernel;
        var subset = finished.Take(m).ToList();
        if (subset.Count > MaxFitPoints)
            subset = [.. Enumerable.Range(0, MaxFitPoints).Select(i => subset[(int)((long)i * subset.Count / MaxFitPoints)])];
        if (subset.All(o => o.Y is null)) subset = finished.Take(m).ToList();
        var (points, y) = Standardized(subset.Any(o => o.Y is not null) ? subset : finished);
        kernel = KernelFit.Fit(points, y, _spec.Alpha);
        _kernels[m] = kernel;
        return kernel;
    }

    /// <summary>The largest refit point ≤ <paramref name="count"/>: every count up to 40, then 40·1.15^k rounded up.</summary>
    internal static int RefitPoint(int count)
    {
        if (count <= FullFitUpTo) return count;
        var point = FullFitUpTo;
        while (true)
        {
            var next = (int)Math.Ceiling(point * RefitGrowth);
            if (next > count) return point;
            point = next;
        }
    }
}
