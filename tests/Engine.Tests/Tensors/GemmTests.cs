using Tuner.Engine.Tensors;
using static Tuner.Engine.Tests.Tensors.GemmReference;

namespace Tuner.Engine.Tests.Tensors;

public class GemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 1, 7, 3 },
        { 5, 1, 9 },
        { 7, 13, 5 },
        { 8, 32, 16 },
        { 9, 33, 17 },
        { 32, 128, 32 },
        { 33, 129, 65 },
        { 3, 40, 400 },   // two K blocks
        { 140, 37, 11 },  // two row blocks of A (MC = 128)
        { 9, 2085, 3 },   // two column blocks of B (NC = 2048)
        { 37, 1, 20 },    // skinny C (Aᵀ: vectors down the rows), one column
        { 70, 8, 800 },   // skinny, eight columns, three K blocks
        { 13, 5, 3 },     // skinny, fewer rows than a vector
        { 300, 1, 50 },   // skinny, one column: blocks of 8 row vectors, then single vectors, then a scalar tail
        { 130, 2, 40 },   // skinny, two columns: blocks of 4 row vectors
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_the_double_reference_for_every_transpose_alpha_beta_and_kernel(int m, int n, int k)
    {
        var rng = new Random(m * 1_000_003 + n * 1009 + k);
        foreach (var isa in Isas())
        foreach (var transA in new[] { Transpose.No, Transpose.Yes })
        foreach (var transB in new[] { Transpose.No, Transpose.Yes })
        foreach (var (alpha, beta) in new[] { (1f, 0f), (1f, 1f), (-0.7f, 0f), (1.3f, 1f), (0.6f, -0.4f), (0f, 0.5f), (0f, 0f) })
        {
            // Leading dimensions larger than the minimum, and padding that must survive.
            var lda = (transA == Transpose.Yes ? m : k) + 3;
            var ldb = (transB == Transpose.Yes ? k : n) + 5;
            var ldc = n + 2;
            var a = Random(rng, (transA == Transpose.Yes ? k : m) * lda);
            var b = Random(rng, (transB == Transpose.Yes ? n : k) * ldb);
            var c = Random(rng, m * ldc);
            const float pad = 12345f;
            for (var i = 0; i < m; i++) for (var j = n; j < ldc; j++) c[i * ldc + j] = pad;
            if (beta == 0f)
            {
                for (var i = 0; i < m; i++) for (var j = 0; j < n; j++) c[i * ldc + j] = float.NaN;
            }

            var expected = GemmReference.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            Gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, null, isa);
            AssertClose(expected, c, m, n, k, ldc, pad, $"{isa} {m}x{n}x{k} {transA}{transB} alpha={alpha} beta={beta}");
        }
    }

    [Theory]
    [InlineData(7, 13, 5)]
    [InlineData(33, 129, 65)]
    [InlineData(20, 70, 777)]
    [InlineData(130, 40, 50)]
    [InlineData(300, 7, 450)]   // skinny C: the row-vector path against Vector128's and the scalar tiles
    [InlineData(45, 3, 20)]
    [InlineData(333, 1, 30)]
    public void Every_kernel_gives_bit_identical_results(int m, int n, int k)
    {
        // Also covers A read in place (small m or narrow C) against packed A (scalar). A kernel that
        // multiplies then adds (Vector128 on x86 without FMA) is held to the reference instead.
        var rng = new Random(7);
        var a = Random(rng, k * m);
        var b = Random(rng, n * k);
        var c0 = Random(rng, m * n);
        foreach (var transA in new[] { Transpose.No, Transpose.Yes })
        foreach (var transB in new[] { Transpose.No, Transpose.Yes })
        {
            var lda = transA == Transpose.Yes ? m : k;
            var ldb = transB == Transpose.Yes ? k : n;
            float[]? first = null;
            foreach (var isa in Isas().Where(GemmDriver.FusesMultiplyAdd))
            {
                var c = (float[])c0.Clone();
                Gemm.Multiply(transA, transB, m, n, k, 0.9f, a, lda, b, ldb, 0.5f, c, n, null, isa);
                if (first is null) first = c;
                else Assert.Equal(first, c);
            }
        }
    }

    [Fact]
    public void Beta_zero_does_not_read_c_and_alpha_zero_does_not_read_a_or_b()
    {
        var nanA = Filled(6, float.NaN);
        var nanB = Filled(6, float.NaN);
        var c = Filled(4, float.NaN);
        Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 0f, nanA, 3, nanB, 2, 0f, c, 2);
        Assert.All(c, x => Assert.Equal(0f, x));

        c = [1, 2, 3, 4];
        Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 0f, nanA, 3, nanB, 2, 2f, c, 2);
        Assert.Equal([2f, 4, 6, 8], c);

        c = [1, 2, 3, 4];
        Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 0, 1f, [], 1, [], 2, 1f, c, 2);
        Assert.Equal([1f, 2, 3, 4], c);
    }

    [Fact]
    public void Empty_outputs_are_a_no_op()
    {
        Gemm.Multiply(Transpose.No, Transpose.No, 0, 5, 3, 1f, [], 3, new float[15], 5, 0f, [], 5);
        Gemm.Multiply(Transpose.No, Transpose.No, 4, 0, 3, 1f, new float[12], 3, [], 1, 0f, [], 1);
    }

    [Fact]
    public void Shape_errors_name_the_values()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];

        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 4, 1f, a, 4, b, 2, 0f, c, 2));
        Assert.Contains("a holds 6 floats", e.Message);
        Assert.Contains("lda = 4 needs 8", e.Message);

        e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.No, Transpose.Yes, 2, 2, 3, 1f, a, 2, b, 3, 0f, c, 2));
        Assert.Contains("lda = 2 is less than the 3 columns of A", e.Message);

        e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.No, Transpose.Yes, 2, 3, 3, 1f, a, 3, b, 3, 0f, c, 3));
        Assert.Contains("b holds 6 floats", e.Message);
        Assert.Contains("B stored 3×3", e.Message);

        e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 1));
        Assert.Contains("ldc = 1 is less than the n = 2 columns", e.Message);

        e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.No, Transpose.No, 3, 2, 2, 1f, a, 2, new float[4], 2, 0f, c, 2));
        Assert.Contains("c holds 4 floats, but C 3×2 with ldc = 2 needs 6", e.Message);

        e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.No, Transpose.No, -1, 2, 2, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Contains("m = -1", e.Message);

        var shared = new float[16];
        e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 2, 1f, shared.AsSpan(0, 4), 2, shared.AsSpan(4, 4), 2, 0f, shared.AsSpan(2, 4), 2));
        Assert.Contains("overlaps", e.Message);
    }

    [Theory]
    [InlineData(Transpose.No, Transpose.No)]
    [InlineData(Transpose.No, Transpose.Yes)]
    [InlineData(Transpose.Yes, Transpose.No)]
    [InlineData(Transpose.Yes, Transpose.Yes)]
    public void Team_sizes_one_and_two_give_bit_identical_results(Transpose transA, Transpose transB)
    {
        using var team = new ComputeTeam(2);
        var rng = new Random(11);
        // Column split (wide C), row split (narrow C), and a K long enough for two K blocks.
        foreach (var (m, n, k) in new[] { (32, 400, 96), (200, 33, 200), (45, 70, 500), (1000, 7, 600) })
        {
            var a = Random(rng, m * k);
            var b = Random(rng, k * n);
            var c0 = Random(rng, m * n);
            var lda = transA == Transpose.Yes ? m : k;
            var ldb = transB == Transpose.Yes ? k : n;
            var single = (float[])c0.Clone();
            var parallel = (float[])c0.Clone();
            Gemm.Multiply(transA, transB, m, n, k, 1.1f, a, lda, b, ldb, 0.7f, single, n);
            Gemm.Multiply(transA, transB, m, n, k, 1.1f, a, lda, b, ldb, 0.7f, parallel, n, team);
            Assert.Equal(single, parallel);
            Assert.True(GemmParallelWork.Plan(m, n, k, 2, false, out _) == 2, $"{m}x{n}x{k} should run on two threads");
        }
    }
}
