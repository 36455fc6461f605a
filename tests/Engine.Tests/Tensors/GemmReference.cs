using Tuner.Engine.Tensors;

namespace Tuner.Engine.Tests.Tensors;

/// <summary>Naive double-precision products and the float32 tolerance the kernels are held to.</summary>
internal static class GemmReference
{
    /// <summary>
    /// C = α·op(A)·op(B) + β·C in double (β = 0 ignores C), and the scale of each element's terms,
    /// |α|·Σₚ|op(A)(i,p)·op(B)(p,j)| + |β·C(i,j)|, for the tolerance.
    /// </summary>
    public static (double[] Value, double[] Scale) Multiply(Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var value = new double[m * n];
        var scale = new double[m * n];
        for (var i = 0; i < m; i++)
        {
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
                double old = beta == 0f ? 0.0 : (double)beta * c[i * ldc + j];
                value[i * n + j] = alpha * sum + old;
                scale[i * n + j] = Math.Abs(alpha) * abs + Math.Abs(old);
            }
        }
        return (value, scale);
    }

    /// <summary>
    /// Asserts the m×n window of C against the reference within 1e-6·(k + 2) of each element's
    /// scale (float32 rounding grows about linearly in k), and that the padding between rows
    /// (columns n … ldc−1) still holds <paramref name="pad"/>.
    /// </summary>
    public static void AssertClose((double[] Value, double[] Scale) expected, float[] c, int m, int n, int k, int ldc, float pad, string what)
    {
        var tol = 1e-6 * (k + 2);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < ldc; j++)
            {
                var actual = c[i * ldc + j];
                if (j >= n)
                {
                    Assert.True(actual.Equals(pad), $"{what}: padding C({i},{j}) was overwritten with {actual}");
                    continue;
                }
                var e = expected.Value[i * n + j];
                var err = Math.Abs(actual - e);
                var bound = tol * expected.Scale[i * n + j] + 1e-30;
                Assert.True(err <= bound,
                    $"{what}: C({i},{j}) = {actual}, expected {e} (error {err:g3} > bound {bound:g3})");
            }
        }
    }

    public static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    public static float[] Filled(int length, float value)
    {
        var x = new float[length];
        Array.Fill(x, value);
        return x;
    }

    /// <summary>The kernels this machine can run: scalar always, then Vector128, AVX2 and AVX-512 when supported.</summary>
    internal static IEnumerable<GemmIsa> Isas()
    {
        for (var isa = GemmIsa.Scalar; isa <= GemmDriver.BestIsa; isa++) yield return isa;
    }
}
