using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Numerics;
using Tuner.Coordinator.Search.Space;

namespace Tuner.Coordinator.Search.Bayesian;

/// <summary>Finds the configuration that minimizes the lower confidence bound mean − beta·deviation of a Gaussian
/// process: random configurations first, then L-BFGS from the best few over the numeric coordinates (choices stay as
/// the start had them), as Keras Tuner restarts L-BFGS-B from random points.</summary>
internal static class ConfidenceBoundSearch
{
    /// <summary>Random configurations scored before the local searches.</summary>
    public const int Candidates = 256;

    /// <summary>Local searches, from the best-scoring candidates.</summary>
    public const int Starts = 5;

    private const int LocalIterations = 20;

    /// <summary>Candidates one task predicts (a multiple of the sixteen <see cref="GaussianProcess.PredictMany"/> takes at once).</summary>
    private const int CandidateChunk = 64;

    /// <summary>The best-scoring configuration not in <paramref name="excluded"/>, or null when every one found is excluded.</summary>
    /// <param name="extraStarts">More starting points for the local searches (the best observed configurations).</param>
    public static Hyperparameters? Minimize(GaussianProcess process, double beta, SpaceEncoding encoding, SearchSpace space,
        DeterministicRandom random, IReadOnlySet<Hyperparameters> excluded, IEnumerable<double[]> extraStarts)
    {
        var candidates = new double[Candidates][];
        for (var i = 0; i < Candidates; i++) candidates[i] = encoding.OneHot(space.Sample(random));
        var means = new double[Candidates];
        var deviations = new double[Candidates];
        // On every core: each point's prediction and each local search depend on nothing but the process and their
        // start, so the answer is the same as one thread's.
        Parallel.For(0, Candidates / CandidateChunk, chunk => process.WithOwnBuffers().PredictMany(
            new ArraySegment<double[]>(candidates, chunk * CandidateChunk, CandidateChunk),
            means.AsSpan(chunk * CandidateChunk, CandidateChunk), deviations.AsSpan(chunk * CandidateChunk, CandidateChunk)));
        var scored = new List<(double Value, double[] Point)>(Candidates + Starts * 2);
        for (var i = 0; i < Candidates; i++) scored.Add((means[i] - beta * deviations[i], candidates[i]));
        var numeric = NumericCoordinates(encoding);
        var starts = scored.OrderBy(s => s.Value).Take(Starts).Select(s => s.Point).Concat(extraStarts).ToList();
        if (numeric.Length > 0)
        {
            var refined = new (double Value, double[] Point)[starts.Count];
            Parallel.For(0, starts.Count, i => refined[i] = Refine(process.WithOwnBuffers(), beta, starts[i], numeric));
            scored.AddRange(refined);
        }
        // Best first; among equals the earlier (a stable sort), so the answer is the same on every run.
        foreach (var (_, point) in scored.OrderBy(s => s.Value))
        {
            var configuration = encoding.FromOneHot(point);
            if (!excluded.Contains(configuration)) return configuration;
        }
        return null;
    }

    /// <summary>L-BFGS over the numeric coordinates of <paramref name="start"/>, through x = ½ + ½·sin z so the unit-cube
    /// bounds hold without constraints.</summary>
    private static (double Value, double[] Point) Refine(GaussianProcess process, double beta, double[] start, int[] numeric)
    {
        var point = (double[])start.Clone();
        var z = new double[numeric.Length];
        for (var i = 0; i < numeric.Length; i++) z[i] = Math.Asin(Math.Clamp(2 * start[numeric[i]] - 1, -1, 1));
        var full = new double[point.Length];
        var value = Lbfgs.Minimize((zz, g) =>
        {
            for (var i = 0; i < numeric.Length; i++) point[numeric[i]] = 0.5 + 0.5 * Math.Sin(zz[i]);
            var v = process.LowerConfidenceBound(point, beta, full);
            for (var i = 0; i < numeric.Length; i++) g[i] = full[numeric[i]] * 0.5 * Math.Cos(zz[i]);
            return v;
        }, z, LocalIterations);
        for (var i = 0; i < numeric.Length; i++) point[numeric[i]] = 0.5 + 0.5 * Math.Sin(z[i]);
        return (value, point);
    }

    private static int[] NumericCoordinates(SpaceEncoding encoding)
    {
        var coordinates = new List<int>();
        var at = 0;
        foreach (var dimension in encoding.Dimensions)
        {
            if (dimension.IsCategorical) at += dimension.Categories;
            else coordinates.Add(at++);
        }
        return [.. coordinates];
    }
}
