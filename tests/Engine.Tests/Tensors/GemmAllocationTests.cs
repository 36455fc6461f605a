using Tuner.Engine.Tensors;
using Tuner.Engine.Tests.Support;
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

        AllocationAssert.NoneInSteadyState(Round, "rounds");
    }
}
