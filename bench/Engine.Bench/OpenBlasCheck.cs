using Tuner.Engine.Tensors;

namespace Tuner.Engine.Bench;

/// <summary>Before OpenBLAS is timed, its binding (<see cref="OpenBlas"/>: transposes, leading dimensions, α and β)
/// must compute what a double-precision reference does, within the float32 bound the engine's kernels are held to
/// (1e-6·(k + 2) of each element's scale): a wrong binding would make the reference figures meaningless.</summary>
internal static class OpenBlasCheck
{
    /// <summary>Throws naming the transposes and the element when OpenBLAS disagrees with the reference.</summary>
    public static void Run()
    {
        var rng = new Random(9);
        foreach (var transA in new[] { Transpose.No, Transpose.Yes })
        foreach (var transB in new[] { Transpose.No, Transpose.Yes })
        {
            const int m = 33, n = 70, k = 45;
            var lda = (transA == Transpose.Yes ? m : k) + 1;
            var ldb = (transB == Transpose.Yes ? k : n) + 2;
            var a = Random(rng, (transA == Transpose.Yes ? k : m) * lda);
            var b = Random(rng, (transB == Transpose.Yes ? n : k) * ldb);
            var c = Random(rng, m * n);
            const float alpha = 0.8f, beta = 0.5f;
            var expected = new double[m * n];
            var scale = new double[m * n];
            for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (var p = 0; p < k; p++)
                {
                    double x = transA == Transpose.Yes ? a[p * lda + i] : a[i * lda + p];
                    double y = transB == Transpose.Yes ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                    abs += Math.Abs(x * y);
                }
                double old = (double)beta * c[i * n + j];
                expected[i * n + j] = alpha * sum + old;
                scale[i * n + j] = Math.Abs(alpha) * abs + Math.Abs(old);
            }
            OpenBlas.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, n, threads: 1);
            for (var e = 0; e < m * n; e++)
            {
                var error = Math.Abs(c[e] - expected[e]);
                if (error > 1e-6 * (k + 2) * scale[e] + 1e-30)
                    throw new InvalidOperationException($"OpenBLAS {transA}{transB}: C({e / n},{e % n}) = {c[e]}, expected {expected[e]} (error {error:g3})");
            }
        }
    }

    private static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }
}
