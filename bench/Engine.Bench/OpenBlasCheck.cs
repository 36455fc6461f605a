using Tuner.Engine.Tensors;

namespace Tuner.Engine.Bench;

/// <summary>Before OpenBLAS is timed, its binding (<see cref="OpenBlas"/>: transposes, leading dimensions, α and β)
/// must compute what the engine's own <see cref="Gemm"/> does (itself held to a double-precision reference by the
/// engine's tests): a wrong binding would make the reference figures meaningless.</summary>
internal static class OpenBlasCheck
{
    /// <summary>Throws naming the transposes and the element when OpenBLAS disagrees with the engine.</summary>
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
            var expected = Random(rng, m * n);
            var actual = (float[])expected.Clone();
            Gemm.Multiply(transA, transB, m, n, k, 0.8f, a, lda, b, ldb, 0.5f, expected, n);
            OpenBlas.Multiply(transA, transB, m, n, k, 0.8f, a, lda, b, ldb, 0.5f, actual, n, threads: 1);
            for (var e = 0; e < m * n; e++)
            {
                // Operands in [-1, 1): every term is below 1, so float32 rounding stays far below 1e-4 · k; a wrong
                // transpose or leading dimension is off by the order of the values themselves.
                var error = Math.Abs(actual[e] - expected[e]);
                if (error > 1e-4 * k)
                    throw new InvalidOperationException($"OpenBLAS {transA}{transB}: C({e / n},{e % n}) = {actual[e]}, the engine's {expected[e]} (error {error:g3})");
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
