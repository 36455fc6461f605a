using Tuner.Engine.Tensors;
using static Tuner.Engine.Tests.Tensors.GemmReference;

namespace Tuner.Engine.Tests.Tensors;

public class GemmAllocationTests
{
    private static readonly Transpose[] Both = [Transpose.No, Transpose.Yes];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Repeated_products_allocate_nothing_after_warm_up(int teamSize)
    {
        using var team = new ComputeTeam(teamSize);
        var rng = new Random(1);
        const int m = 32, n = 160, k = 300;
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var c = new float[m * n];
        var packedNt = new PackedMatrix(Transpose.Yes, k, n);
        var packedNn = new PackedMatrix(Transpose.No, k, n);

        void Round()
        {
            foreach (var transA in Both)
            foreach (var transB in Both)
            {
                var lda = transA == Transpose.Yes ? m : k;
                var ldb = transB == Transpose.Yes ? k : n;
                Gemm.Multiply(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n, team);
                Gemm.Multiply(transA, transB, m, n, k, 0.5f, a, lda, b, ldb, 1f, c, n, team);
                Gemm.Multiply(transA, transB, m, n, k, 0.5f, a, lda, b, ldb, 0.3f, c, n, team);
            }
            packedNt.Pack(b, k);
            packedNn.Pack(b, n);
            Gemm.Multiply(m, 1f, a, k, packedNt, 0f, c, n, team);
            Gemm.Multiply(m - 7, 1f, a, k, packedNn, 1f, c, n, team);
        }

        // Warm-up: workspaces grow to their size and the code reaches its final tier (the runtime's tier-up can
        // allocate once on the calling thread: one window in a CI run saw 8,008 bytes).
        for (var i = 0; i < 40; i++) Round();
        Thread.Sleep(300); // the background tier-1 compiles wait for a quiet 100 ms
        for (var i = 0; i < 40; i++) Round();
        // Three windows of 20 rounds: an allocation in the products themselves shows in every window.
        var windows = new long[3];
        for (var w = 0; w < windows.Length; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++) Round();
            windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(windows.Min() == 0, $"bytes allocated per window of 20 rounds: {string.Join(", ", windows)}");
    }
}
