namespace Tuner.Engine.Tensors;

/// <summary>Whether a matrix operand enters a product as stored (<see cref="No"/>) or transposed (<see cref="Yes"/>).</summary>
/// <remarks>
/// Matrices are row-major. An operand stored as R×C with leading dimension ld (≥ C) holds element
/// (r, c) at index r·ld + c; with <see cref="Yes"/> it acts as the C×R matrix op(X) = Xᵀ.
/// </remarks>
public enum Transpose
{
    /// <summary>op(X) = X.</summary>
    No,

    /// <summary>op(X) = Xᵀ.</summary>
    Yes,
}
