namespace Tuner.Coordinator.Search.Numerics;

/// <summary>Limited-memory BFGS (Nocedal and Wright, Algorithm 7.5) with a backtracking Armijo line search: minimizes a
/// smooth function from its value and gradient. Deterministic; allocates once per call.</summary>
internal static class Lbfgs
{
    /// <summary>A function's value at x, writing its gradient into the second argument.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>Minimizes <paramref name="f"/> from <paramref name="x"/> (updated in place) for at most
    /// <paramref name="iterations"/> steps; returns the value at the final x.</summary>
    public static double Minimize(Objective f, double[] x, int iterations, int memory = 6, double tolerance = 1e-6)
    {
        var n = x.Length;
        var g = new double[n];
        var value = f(x, g);
        if (!double.IsFinite(value)) return value;
        var s = new double[memory][];
        var y = new double[memory][];
        var rho = new double[memory];
        for (var i = 0; i < memory; i++) (s[i], y[i]) = (new double[n], new double[n]);
        var alpha = new double[memory];
        var direction = new double[n];
        var candidate = new double[n];
        var candidateGradient = new double[n];
        var stored = 0;
        var newest = -1;
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            if (Norm(g) < tolerance) break;
            // Two-loop recursion: direction = −H·g.
            for (var i = 0; i < n; i++) direction[i] = -g[i];
            for (var k = 0; k < stored; k++)
            {
                var j = (newest - k + memory) % memory;
                alpha[j] = rho[j] * Dot(s[j], direction);
                for (var i = 0; i < n; i++) direction[i] -= alpha[j] * y[j][i];
            }
            if (stored > 0)
            {
                var gamma = Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]);
                for (var i = 0; i < n; i++) direction[i] *= gamma;
            }
            for (var k = stored - 1; k >= 0; k--)
            {
                var j = (newest - k + memory) % memory;
                var beta = rho[j] * Dot(y[j], direction);
                for (var i = 0; i < n; i++) direction[i] += (alpha[j] - beta) * s[j][i];
            }
            var slope = Dot(g, direction);
            if (!(slope < 0))
            {
                // Not a descent direction (curvature lost): restart from steepest descent.
                for (var i = 0; i < n; i++) direction[i] = -g[i];
                slope = -Dot(g, g);
                stored = 0;
            }
            var step = iteration == 0 && stored == 0 ? Math.Min(1, 1 / Math.Max(Norm(g), 1e-12)) : 1.0;
            double next = double.NaN;
            var accepted = false;
            for (var tries = 0; tries < 30; tries++)
            {
                for (var i = 0; i < n; i++) candidate[i] = x[i] + step * direction[i];
                next = f(candidate, candidateGradient);
                if (double.IsFinite(next) && next <= value + 1e-4 * step * slope)
                {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) break;
            var slot = (newest + 1) % memory;
            for (var i = 0; i < n; i++)
            {
                s[slot][i] = candidate[i] - x[i];
                y[slot][i] = candidateGradient[i] - g[i];
            }
            var sy = Dot(s[slot], y[slot]);
            var improvement = value - next;
            Array.Copy(candidate, x, n);
            Array.Copy(candidateGradient, g, n);
            value = next;
            // Keep the pair only with positive curvature (else H would be indefinite); a skipped pair's slot is the
            // oldest one, which then drops out of the history.
            if (sy > 1e-12)
            {
                newest = slot;
                rho[slot] = 1 / sy;
                stored = Math.Min(stored + 1, memory);
            }
            else if (stored == memory)
            {
                stored--;
            }
            if (improvement < tolerance * Math.Max(1, Math.Abs(value))) break;
        }
        return value;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
