namespace Tuner.Engine.Layers;

/// <summary>One named weight tensor (PyTorch name and shape, e.g. <c>weight_hh_l0</c> [4U][U])
/// living at <see cref="Offset"/> in its <see cref="ParameterSet"/>'s flat arrays.</summary>
/// <param name="IsKernel">True for weight matrices, which the L2 penalty applies to; false for biases.</param>
public sealed record ParameterTensor(string Name, int Offset, int Rows, int Columns, bool IsKernel)
{
    public int Length => Rows * Columns;
}
