// TEMPORARY stand-in for the GEMM kernel being written on branch `gemm` (same API). Removed at merge.
namespace Tuner.Engine.Tensors;

public enum Transpose { No, Yes }

public sealed class ComputeTeam : IDisposable
{
    public ComputeTeam(int threads) => Threads = threads;
    public int Threads { get; }
    public void Dispose() { }
}

public sealed class PackedMatrix
{
    private readonly float[] _data;
    public PackedMatrix(Transpose transB, int k, int n) { TransB = transB; K = k; N = n; _data = new float[k * n]; }
    public Transpose TransB { get; }
    public int K { get; }
    public int N { get; }
    internal ReadOnlySpan<float> Data => _data;
    public void Pack(ReadOnlySpan<float> b, int ldb)
    {
        for (int p = 0; p < K; p++)
            for (int j = 0; j < N; j++)
                _data[p * N + j] = TransB == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];
    }
}

public static class Gemm
{
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, ComputeTeam? team = null)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA == Transpose.No ? a[i * lda + p] : a[p * lda + i];
                    float bv = transB == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];
                    sum += av * bv;
                }
                c[i * ldc + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[i * ldc + j];
            }
    }

    public static void Multiply(int m, float alpha, ReadOnlySpan<float> a, int lda, PackedMatrix b, float beta, Span<float> c, int ldc, ComputeTeam? team = null)
        => Multiply(Transpose.No, Transpose.No, m, b.N, b.K, alpha, a, lda, b.Data, b.N, beta, c, ldc, team);
}
