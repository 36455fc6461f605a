using System.Numerics.Tensors;

namespace Tuner.Engine.Tensors;

/// <summary>Small row-wise helpers on row-major matrices that the layers share.</summary>
internal static class RowOps
{
    /// <summary>accumulate[j] += Σ_r matrix[r, j] over <paramref name="rows"/> rows of <paramref name="columns"/> values.</summary>
    public static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> accumulate)
    {
        var acc = accumulate[..columns];
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(acc, matrix.Slice(r * columns, columns), acc);
    }

    /// <summary>Copies <paramref name="row"/> into each of <paramref name="rows"/> rows of <paramref name="matrix"/>.</summary>
    public static void BroadcastRow(ReadOnlySpan<float> row, Span<float> matrix, int rows)
    {
        for (int r = 0; r < rows; r++)
            row.CopyTo(matrix.Slice(r * row.Length, row.Length));
    }
}
