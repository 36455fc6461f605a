using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Numerics;

namespace Tuner.Coordinator.Search.Tpe;

/// <summary>Optuna's univariate Parzen estimator for one hyperparameter (TPESampler's defaults: prior weight 1,
/// magic clip, endpoints not considered): a mixture of truncated normals, one per observation plus a wide prior, for a
/// number (in log space for log sampling; a grid's values own ± step/2); a smoothed histogram for a choice.</summary>
internal sealed class ParzenEstimator
{
    public const double PriorWeight = 1.0;

    private readonly ParameterSpec _parameter;
    private readonly double[] _weights;
    // numbers: component means and deviations in the transformed space, and its bounds
    private readonly double[] _mus = [];
    private readonly double[] _sigmas = [];
    private readonly double[] _logMass = [];
    private readonly double _low, _high;
    private readonly double? _step;
    private readonly bool _log;
    // choices: one row of category probabilities per component
    private readonly double[][] _rows = [];

    /// <param name="observations">The observations' values in the order of <paramref name="weights"/>.</param>
    /// <param name="weights">Each observation's weight (Optuna's default_weights), before the prior is added.</param>
    public ParzenEstimator(ParameterSpec parameter, IReadOnlyList<HyperparameterValue> observations, IReadOnlyList<double> weights)
    {
        _parameter = parameter;
        var n = observations.Count;
        var raw = new double[n + 1];
        for (var i = 0; i < n; i++) raw[i] = weights[i];
        raw[n] = PriorWeight;
        var total = raw.Sum();
        _weights = [.. raw.Select(w => w / total)];

        if (parameter is ChoiceParameter choice)
        {
            var c = choice.Values.Count;
            _rows = new double[n + 1][];
            for (var k = 0; k <= n; k++)
            {
                var row = new double[c];
                Array.Fill(row, PriorWeight / (n + 1));
                if (k < n)
                {
                    var index = choice.Values.AsImmutableArray().IndexOf(observations[k]);
                    if (index >= 0) row[index] += 1;
                }
                var sum = row.Sum();
                for (var j = 0; j < c; j++) row[j] /= sum;
                _rows[k] = row;
            }
            return;
        }

        (double low, double high, _step, _log) = parameter switch
        {
            IntParameter p => ((double)p.Min, (double)p.Max, (double?)p.Step, p.Sampling == Sampling.Log),
            FloatParameter p => (p.Min, p.Max, p.Step, p.Sampling == Sampling.Log),
            _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "a Parzen estimator models numbers and choices"),
        };
        if (_step is { } step)
        {
            var extendedLow = low - step / 2;
            low = _log && extendedLow <= 0 ? low / 2 : extendedLow;
            high += step / 2;
        }
        _low = Transform(low);
        _high = Transform(high);
        var range = _high - _low;
        if (!(range > 0)) range = 1;

        // Optuna's bandwidths: each observation's deviation is the larger gap to its neighbours among the observations,
        // the prior's centre and the bounds; the outermost take their inner gap (consider_endpoints=False); then the
        // magic clip to [range / min(100, 1 + kernels), range].
        var mus = observations.Select(v => Transform(v.AsDouble())).ToArray();
        var withPrior = mus.Append(0.5 * (_low + _high)).ToArray();
        var order = Enumerable.Range(0, withPrior.Length).OrderBy(i => withPrior[i]).ToArray(); // stable
        var sorted = new double[withPrior.Length + 2];
        sorted[0] = _low;
        for (var i = 0; i < order.Length; i++) sorted[i + 1] = withPrior[order[i]];
        sorted[^1] = _high;
        var sortedSigmas = new double[withPrior.Length];
        for (var i = 0; i < sortedSigmas.Length; i++)
            sortedSigmas[i] = Math.Max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
        if (sorted.Length >= 4)
        {
            sortedSigmas[0] = sorted[2] - sorted[1];
            sortedSigmas[^1] = sorted[^2] - sorted[^3];
        }
        var minSigma = range / Math.Min(100.0, 1.0 + (n + 1));
        var sigmas = new double[n + 1];
        for (var i = 0; i < order.Length; i++)
            if (order[i] < n) sigmas[order[i]] = Math.Clamp(sortedSigmas[i], minSigma, range);
        _mus = [.. mus, 0.5 * (_low + _high)];
        sigmas[n] = range;
        _sigmas = sigmas;
        _logMass = new double[n + 1];
        for (var k = 0; k <= n; k++)
            _logMass[k] = Math.Log(Math.Max(NormalDistribution.Mass((_low - _mus[k]) / _sigmas[k], (_high - _mus[k]) / _sigmas[k]), 1e-300));
    }

    /// <summary>One value drawn from the mixture: a component by weight, then a value from it.</summary>
    public HyperparameterValue Sample(DeterministicRandom random)
    {
        var u = random.NextDouble();
        var k = 0;
        for (var acc = _weights[0]; k < _weights.Length - 1 && u >= acc; acc += _weights[++k]) { }
        if (_parameter is ChoiceParameter choice)
        {
            var row = _rows[k];
            var v = random.NextDouble();
            var j = 0;
            for (var acc = row[0]; j < row.Length - 1 && v >= acc; acc += row[++j]) { }
            return choice.Values[j];
        }
        var z = NormalDistribution.TruncatedQuantile((_low - _mus[k]) / _sigmas[k], (_high - _mus[k]) / _sigmas[k], random.NextDouble());
        return Snap(Untransform(_mus[k] + _sigmas[k] * z));
    }

    /// <summary>log of the mixture's density (a number without a step), or of its probability (a grid value, a choice).</summary>
    public double LogDensity(HyperparameterValue value)
    {
        var terms = new double[_weights.Length];
        if (_parameter is ChoiceParameter choice)
        {
            var index = choice.Values.AsImmutableArray().IndexOf(value);
            double p = 0;
            for (var k = 0; k < _weights.Length; k++) p += _weights[k] * _rows[k][index];
            return Math.Log(Math.Max(p, 1e-300));
        }
        var x = value.AsDouble();
        for (var k = 0; k < _weights.Length; k++)
        {
            double logComponent;
            if (_step is { } step)
            {
                // (A log dimension's lower edge may fall at or below 0: it is clipped to the extended bound, not to 0.)
                var lo = Math.Max(_log ? Transform(Math.Max(x - step / 2, 1e-300)) : x - step / 2, _low);
                var hi = Math.Min(Transform(x + step / 2), _high);
                var mass = hi > lo ? NormalDistribution.Mass((lo - _mus[k]) / _sigmas[k], (hi - _mus[k]) / _sigmas[k]) : 0;
                logComponent = Math.Log(Math.Max(mass, 1e-300));
            }
            else
            {
                logComponent = NormalDistribution.LogPdf((Transform(x) - _mus[k]) / _sigmas[k]) - Math.Log(_sigmas[k]);
            }
            terms[k] = Math.Log(_weights[k]) + logComponent - _logMass[k];
        }
        return LogSumExp(terms);
    }

    private double Transform(double x) => _log ? Math.Log(x) : x;

    private double Untransform(double t) => _log ? Math.Exp(t) : t;

    /// <summary>The parameter's value nearest to <paramref name="x"/> (on its grid, within its bounds).</summary>
    private HyperparameterValue Snap(double x) => _parameter switch
    {
        IntParameter p => HyperparameterValue.Int(p.Min + p.Step * (long)Math.Clamp(Math.Round((x - p.Min) / p.Step, MidpointRounding.AwayFromZero), 0, p.LastIndex)),
        FloatParameter { Grid: { } grid } => HyperparameterValue.Float(grid.ValueAt(grid.NearestIndex(x))),
        FloatParameter p => HyperparameterValue.Float(Math.Clamp(double.IsFinite(x) ? x : p.Min, p.Min, p.Max)),
        _ => throw new InvalidOperationException("not a number"),
    };

    private static double LogSumExp(double[] terms)
    {
        var max = terms.Max();
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var t in terms) sum += Math.Exp(t - max);
        return max + Math.Log(sum);
    }
}
