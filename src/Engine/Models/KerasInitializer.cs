using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Tuner.Engine.Layers;
using Tuner.Engine.Rng;

namespace Tuner.Engine.Models;

/// <summary>Keras' default initialization, in PyTorch's layout: input kernels glorot-uniform,
/// recurrent kernels orthogonal, biases zero, LSTM forget-gate bias 1 (<c>unit_forget_bias</c>),
/// Dense kernel glorot-uniform, embedding table uniform in ±0.05 (<c>embeddings_initializer=
/// "uniform"</c>). Both directions of a bidirectional layer alike. Deterministic from the generator,
/// drawn in the order the parameters are declared.</summary>
public static class KerasInitializer
{
    /// <summary>Keras' <c>RandomUniform</c> default range for embeddings.</summary>
    public const double EmbeddingLimit = 0.05;

    public static void Initialize(RecurrentModel model, Xoshiro256StarStar rng)
    {
        var ps = model.Parameters;
        int units = model.Spec.Units;
        foreach (var tensor in ps.Tensors)
        {
            var values = ps.Value(tensor);
            if (tensor.Name == "embedding.weight")
                Uniform(values, EmbeddingLimit, rng);
            else if (tensor.Name.StartsWith("weight_ih_", StringComparison.Ordinal) || tensor.Name == "head.weight")
                GlorotUniform(values, fanIn: tensor.Columns, fanOut: tensor.Rows, rng);
            else if (tensor.Name.StartsWith("weight_hh_", StringComparison.Ordinal))
                Orthogonal(values, tensor.Rows, tensor.Columns, rng);
            else
                values.Clear();
            if (model.Spec.Cell == CellType.Lstm && tensor.Name.StartsWith("bias_ih_", StringComparison.Ordinal))
                values.Slice(units, units).Fill(1f);
        }
    }

    /// <summary>U(−l, l) with l = √(6/(fan_in + fan_out)).</summary>
    public static void GlorotUniform(Span<float> values, int fanIn, int fanOut, Xoshiro256StarStar rng) =>
        Uniform(values, Math.Sqrt(6.0 / (fanIn + fanOut)), rng);

    /// <summary>U(−<paramref name="limit"/>, <paramref name="limit"/>).</summary>
    public static void Uniform(Span<float> values, double limit, Xoshiro256StarStar rng)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)((2 * rng.NextDouble() - 1) * limit);
    }

    /// <summary>A [rows × columns] matrix with orthonormal columns (rows ≥ columns), as Keras'
    /// Orthogonal gives for the transposed shape: QR of a Gaussian matrix, Q's columns signed by R's diagonal.</summary>
    public static void Orthogonal(Span<float> values, int rows, int columns, Xoshiro256StarStar rng)
    {
        if (rows < columns) throw new ArgumentException($"orthogonal init needs rows >= columns, got {rows}×{columns}");
        var gaussian = Matrix<double>.Build.Dense(rows, columns);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                gaussian[i, j] = rng.NextGaussian();
        var qr = gaussian.QR(QRMethod.Thin);
        var q = qr.Q;
        var r = qr.R;
        for (int j = 0; j < columns; j++)
        {
            double sign = r[j, j] < 0 ? -1 : 1;
            for (int i = 0; i < rows; i++)
                values[i * columns + j] = (float)(q[i, j] * sign);
        }
    }
}
