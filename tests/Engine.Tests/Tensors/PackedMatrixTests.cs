using Tuner.Engine.Tensors;
using static Tuner.Engine.Tests.Tensors.GemmReference;

namespace Tuner.Engine.Tests.Tensors;

public class PackedMatrixTests
{
    [Theory]
    [InlineData(Transpose.Yes, 32, 128)]  // LSTM forward step at U = 32: K = U, N = 4U
    [InlineData(Transpose.No, 128, 32)]   // LSTM backward step at U = 32: K = 4U, N = U
    [InlineData(Transpose.Yes, 13, 39)]   // GRU-like odd sizes: N = 3U
    [InlineData(Transpose.No, 7, 1)]
    [InlineData(Transpose.Yes, 1, 1)]
    [InlineData(Transpose.No, 300, 70)]   // two K blocks
    public void Matches_the_double_reference_for_any_row_count_up_to_the_batch(Transpose transB, int k, int n)
    {
        var rng = new Random(k * 31 + n);
        var ldb = (transB == Transpose.Yes ? k : n) + 3;
        var b = Random(rng, (transB == Transpose.Yes ? n : k) * ldb);
        var packed = new PackedMatrix(transB, k, n);
        packed.Pack(b, ldb);

        foreach (var isa in Isas())
        foreach (var m in new[] { 32, 17, 8, 1 })
        foreach (var (alpha, beta) in new[] { (1f, 0f), (1f, 1f), (0.5f, -2f) })
        {
            var lda = k + 1;
            var ldc = n + 4;
            var a = Random(rng, m * lda);
            var c = Random(rng, m * ldc);
            const float pad = -777f;
            for (var i = 0; i < m; i++) for (var j = n; j < ldc; j++) c[i * ldc + j] = pad;
            if (beta == 0f) for (var i = 0; i < m; i++) for (var j = 0; j < n; j++) c[i * ldc + j] = float.NaN;

            var expected = GemmReference.Multiply(Transpose.No, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            Gemm.Multiply(m, alpha, a, lda, packed, beta, c, ldc, null, isa);
            AssertClose(expected, c, m, n, k, ldc, pad, $"packed {isa} m={m} {transB} k={k} n={n} alpha={alpha} beta={beta}");
        }
    }

    [Fact]
    public void Gives_the_same_bits_as_the_general_form()
    {
        var rng = new Random(3);
        const int m = 32, k = 64, n = 256;
        var w = Random(rng, n * k); // stored [n][k], used as Wᵀ
        var h = Random(rng, m * k);
        var packed = new PackedMatrix(Transpose.Yes, k, n);
        packed.Pack(w, k);
        var viaPacked = new float[m * n];
        var viaGeneral = new float[m * n];
        Gemm.Multiply(m, 1f, h, k, packed, 0f, viaPacked, n);
        Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, h, k, w, k, 0f, viaGeneral, n);
        Assert.Equal(viaGeneral, viaPacked);
    }

    [Fact]
    public void Repacking_in_place_follows_the_new_values()
    {
        var packed = new PackedMatrix(Transpose.No, 2, 2);
        var c = new float[4];
        packed.Pack([1, 2, 3, 4], 2);
        Gemm.Multiply(2, 1f, [1, 0, 0, 1], 2, packed, 0f, c, 2);
        Assert.Equal([1f, 2, 3, 4], c);
        packed.Pack([5, 6, 7, 8], 2);
        Gemm.Multiply(2, 1f, [1, 0, 0, 1], 2, packed, 0f, c, 2);
        Assert.Equal([5f, 6, 7, 8], c);
    }

    [Fact]
    public void Team_sizes_one_and_two_give_bit_identical_results()
    {
        using var team = new ComputeTeam(2);
        var rng = new Random(5);
        foreach (var (transB, k, n, m) in new[] { (Transpose.Yes, 128, 256, 32), (Transpose.No, 256, 128, 32), (Transpose.No, 512, 33, 70) })
        {
            var ldb = transB == Transpose.Yes ? k : n;
            var packed = new PackedMatrix(transB, k, n);
            packed.Pack(Random(rng, k * n), ldb);
            var a = Random(rng, m * k);
            var single = new float[m * n];
            var parallel = new float[m * n];
            Gemm.Multiply(m, 1f, a, k, packed, 0f, single, n);
            Gemm.Multiply(m, 1f, a, k, packed, 0f, parallel, n, team);
            Assert.Equal(single, parallel);
            Assert.Equal(2, GemmParallelWork.Plan(m, n, k, 2, true, out _));
        }
    }

    [Fact]
    public void Errors_name_the_values()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Gemm.Multiply(1, 1f, new float[4], 4, new PackedMatrix(Transpose.Yes, 4, 8), 0f, new float[8], 8));
        Assert.Contains("never packed", e.Message);

        var packed = new PackedMatrix(Transpose.Yes, 4, 8);
        var ae = Assert.Throws<ArgumentException>(() => packed.Pack(new float[31], 4));
        Assert.Contains("b holds 31 floats, but B stored 8×4 with ldb = 4 needs 32", ae.Message);
        ae = Assert.Throws<ArgumentException>(() => packed.Pack(new float[32], 3));
        Assert.Contains("ldb = 3 is less than the 4 columns of B", ae.Message);

        packed.Pack(new float[32], 4);
        ae = Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 1f, new float[7], 4, packed, 0f, new float[16], 8));
        Assert.Contains("a holds 7 floats", ae.Message);
        ae = Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 1f, new float[8], 4, packed, 0f, new float[16], 7));
        Assert.Contains("ldc = 7 is less than the n = 8 columns", ae.Message);
        ae = Assert.Throws<ArgumentException>(() => new PackedMatrix(Transpose.No, -1, 3));
        Assert.Contains("k = -1", ae.Message);
    }
}
