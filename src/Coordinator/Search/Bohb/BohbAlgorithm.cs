using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Search.Space;

namespace Tuner.Coordinator.Search.Bohb;

/// <summary>BOHB (Falkner, Klein and Hutter, ICML 2018): Hyperband's brackets exactly (the same <c>tuner plan</c>), with
/// new configurations from kernel density models of the results, as HpBandSter's config generator with its defaults.</summary>
/// <remarks>
/// <para>Every finished round is a result at budget r_i (its epochs): the trial's objective then, or +∞ when it diverged or
/// failed. A budget has a model once it has d + 1 results (d: tuned hyperparameters) and both halves below have more than
/// d points: the best 15 % (at least d + 1) make l(x), the next 85 % (at least d + 1) make g(x). A new configuration is
/// random with probability ⅓ (and while no budget has a model); else, from the largest budget with a model, 64 points are
/// drawn around good results (bandwidth × 3) and the one with the smallest g(x)/l(x) is taken.</para>
/// <para>Asynchronous: work still training towards the model's budget counts as points of g(x) there (a constant liar),
/// so concurrent proposals spread out; work bound for other budgets does not (a promoted trial's result at the model's
/// budget is already among the results, often in l(x)). HpBandSter itself ignores pending work.</para>
/// <para>Reproducible and replayable: the configuration of round-0 trial j of bracket s in iteration i depends only on the
/// results and running work at that point and stream <c>bohb/{i}/{s}/{j}</c>; its random picks are Hyperband's own draws
/// for the same place, so before any model exists BOHB tries exactly Hyperband's configurations.</para>
/// </remarks>
public sealed class BohbAlgorithm : HyperbandAlgorithm
{
    public const double TopFraction = 0.15;
    public const int Samples = 64;
    public const double RandomFraction = 1.0 / 3;
    public const double BandwidthFactor = 3;

    private readonly SpaceEncoding _encoding;
    private readonly int[] _categories;
    private readonly int _minPoints;
    private readonly SortedDictionary<int, List<(double[] Point, double Loss)>> _results = [];
    private long _version;
    private (long Version, string Stream, Hyperparameters Configuration)? _cached;

    public BohbAlgorithm(SearchContext context, BohbSpec spec) : base(context, new HyperbandSpec(spec.MaxEpochs, spec.Factor, spec.Iterations))
    {
        _encoding = new SpaceEncoding(context.Space);
        _categories = [.. _encoding.Dimensions.Select(d => d.Categories)];
        _minPoints = _categories.Length + 1;
    }

    protected override Hyperparameters NewConfiguration(int iteration, int bracket, int index, IReadOnlySet<Hyperparameters> seenInBracket)
    {
        var stream = $"bohb/{iteration}/{bracket}/{index}";
        if (_cached is { } cached && cached.Version == _version && cached.Stream == stream) return cached.Configuration;
        var configuration = Propose(stream, iteration, bracket, index, seenInBracket);
        _cached = (_version, stream, configuration);
        return configuration;
    }

    private Hyperparameters Propose(string stream, int iteration, int bracket, int index, IReadOnlySet<Hyperparameters> seenInBracket)
    {
        var random = DeterministicRandom.ForStream(Context.Seed, stream);
        if (_categories.Length == 0 || random.NextDouble() < RandomFraction || Model() is not var (good, bad))
            return RandomConfiguration(iteration, bracket, index, seenInBracket);
        double[]? best = null;
        var bestRatio = double.PositiveInfinity;
        for (var i = 0; i < Samples; i++)
        {
            var x = good.SampleAround(random, BandwidthFactor);
            var ratio = Math.Max(1e-32, bad.Density(x)) / Math.Max(1e-32, good.Density(x));
            if (ratio < bestRatio) (best, bestRatio) = (x, ratio);
        }
        var configuration = best is null ? null : Decode(best);
        return configuration is null || seenInBracket.Contains(configuration)
            ? RandomConfiguration(iteration, bracket, index, seenInBracket)
            : configuration;
    }

    /// <summary>l(x) and g(x) of the largest budget that has a model now; null when none has.</summary>
    internal (KernelDensity Good, KernelDensity Bad)? Model()
    {
        foreach (var (budget, results) in _results.Reverse())
        {
            var n = results.Count;
            if (n < _minPoints) continue;
            var goodCount = Math.Max(_minPoints, (int)(TopFraction * 100) * n / 100);
            var badCount = Math.Max(_minPoints, (100 - (int)(TopFraction * 100)) * n / 100);
            var ranked = Enumerable.Range(0, n).OrderBy(i => results[i].Loss).ThenBy(i => i).ToList();
            var good = ranked.Take(goodCount).Select(i => results[i].Point).ToList();
            var bad = ranked.Skip(goodCount).Take(badCount).Select(i => results[i].Point).ToList();
            if (good.Count <= _categories.Length || bad.Count <= _categories.Length) continue;
            // The constant liar at this budget: work that will report a result at it and has not yet. Work bound for
            // another budget is no pending observation here (a promoted trial's result at this budget is already in).
            foreach (var item in Book.Running())
                if (item.ToEpoch == budget) bad.Add(Encode(item.Hyperparameters));
            return (KernelDensity.Fit(good, _categories), KernelDensity.Fit(bad, _categories));
        }
        return null;
    }

    protected override void Observe(WorkItem item, WorkOutcomeKind? kind)
    {
        _version++;
        if (kind is not { } outcome || outcome == WorkOutcomeKind.Cancelled) return;
        var loss = outcome == WorkOutcomeKind.Completed && Book.ObjectiveOf(item.TrialId) is { } objective ? Context.Loss(objective) : double.PositiveInfinity;
        if (!_results.TryGetValue(item.ToEpoch, out var results)) _results[item.ToEpoch] = results = [];
        results.Add((Encode(item.Hyperparameters), loss));
    }

    /// <summary>A configuration as BOHB's vector: numbers in [0, 1], choices by index.</summary>
    private double[] Encode(Hyperparameters configuration)
    {
        var x = new double[_categories.Length];
        for (var j = 0; j < x.Length; j++)
        {
            var dimension = _encoding.Dimensions[j];
            var value = configuration[dimension.Position].Value;
            x[j] = dimension.IsCategorical ? Math.Max(0, dimension.CategoryOf(value)) : dimension.ToUnit(value);
        }
        return x;
    }

    private Hyperparameters Decode(double[] x)
    {
        var values = _encoding.FixedValues();
        for (var j = 0; j < x.Length; j++)
        {
            var dimension = _encoding.Dimensions[j];
            values[dimension.Position] = dimension.IsCategorical
                ? dimension.Category((int)Math.Clamp(Math.Round(x[j]), 0, dimension.Categories - 1))
                : dimension.FromUnit(x[j]);
        }
        return _encoding.Build(values);
    }
}
