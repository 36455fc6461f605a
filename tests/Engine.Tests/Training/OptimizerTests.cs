using Tuner.Engine.Optimizers;

namespace Tuner.Engine.Tests.Training;

/// <summary>One update of each optimizer against its formula, computed in double; sizes that
/// exercise the vector paths and the scalar tail.</summary>
public sealed class OptimizerTests
{
    private static (float[] p, float[] g) Vectors(int n)
    {
        var p = new float[n];
        var g = new float[n];
        for (int i = 0; i < n; i++) { p[i] = MathF.Sin(i) * 0.5f; g[i] = MathF.Cos(i * 1.3f) * 0.2f; }
        return (p, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void Rmsprop_matches_keras_formula(int n)
    {
        var (p, g) = Vectors(n);
        var expected = p.Select((v, i) => v - 0.01 * g[i] / (Math.Sqrt(0.1 * g[i] * g[i]) + 1e-7)).ToArray();
        Optimizer.Create(new OptimizerSpec(OptimizerKind.RmsProp, 0.01f), n).Step(p, g);
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], p[i], 1e-6);
    }

    [Fact]
    public void Sgd_with_momentum_accumulates_velocity()
    {
        var (p, g) = Vectors(19);
        var start = (float[])p.Clone();
        var sgd = Optimizer.Create(new OptimizerSpec(OptimizerKind.Sgd, 0.1f, Momentum: 0.9f), p.Length);
        sgd.Step(p, (float[])g.Clone());
        sgd.Step(p, (float[])g.Clone());
        // v1 = −lr·g, v2 = 0.9·v1 − lr·g ⇒ p2 = p0 − lr·g·(1 + 1.9)
        for (int i = 0; i < p.Length; i++) Assert.Equal(start[i] - 0.1 * g[i] * 2.9, p[i], 1e-6);
    }

    [Fact]
    public void Adam_first_step_moves_each_weight_by_the_learning_rate_against_the_gradient_sign()
    {
        var (p, g) = Vectors(45);
        var start = (float[])p.Clone();
        Optimizer.Create(OptimizerSpec.Adam(1e-3f), p.Length).Step(p, g);
        for (int i = 0; i < p.Length; i++) Assert.Equal(start[i] - 1e-3 * Math.Sign(g[i]), p[i], 1e-5);
    }

    [Fact]
    public void Global_norm_clipping_rescales_only_when_the_norm_exceeds_the_limit()
    {
        float[] g = [3f, 4f];
        Assert.Equal(5f, GradientClipping.ClipByGlobalNorm(g, 10f));
        Assert.Equal([3f, 4f], g);
        GradientClipping.ClipByGlobalNorm(g, 1f);
        Assert.Equal(0.6f, g[0], 1e-6f);
        Assert.Equal(0.8f, g[1], 1e-6f);
    }

    [Fact]
    public void Invalid_settings_are_rejected_naming_the_field()
    {
        Assert.Contains("learning_rate", Assert.Throws<ArgumentException>(() => OptimizerSpec.Adam(0f).Validate()).Message);
        Assert.Contains("clipnorm", Assert.Throws<ArgumentException>(() => new OptimizerSpec(OptimizerKind.Adam, 1e-3f, ClipNorm: -1f).Validate()).Message);
    }
}
