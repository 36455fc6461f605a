using System.Numerics.Tensors;

namespace Tuner.Engine.Layers;

/// <summary>Token embedding (<c>embedding.weight</c> [V][E], PyTorch's name): token ids [T][B] →
/// rows of the table, [T][B][E]. Backward adds each step's output gradient into the row of its token
/// only; the table's gradient stays dense in the <see cref="ParameterSet"/>, so optimizers treat it as
/// PyTorch treats a dense embedding gradient (unused rows see a zero gradient).</summary>
internal sealed class EmbeddingLayer
{
    private readonly ParameterSet _parameters;
    private int[] _tokens = [];      // [T][B] the last forward pass's ids, for backward
    private float[] _output = [];    // [T][B][E]
    private int _rows;

    public EmbeddingLayer(ParameterSet parameters, int vocabulary, int dimension)
    {
        _parameters = parameters;
        Vocabulary = vocabulary;
        Dimension = dimension;
        Table = parameters.Declare("embedding.weight", vocabulary, dimension, isKernel: false);
    }

    public int Vocabulary { get; }
    public int Dimension { get; }
    public ParameterTensor Table { get; }

    public void EnsureCapacity(int steps, int batch)
    {
        int rows = steps * batch;
        if (rows <= _tokens.Length) return;
        _tokens = new int[rows];
        _output = new float[rows * Dimension];
    }

    /// <summary>Looks up <paramref name="tokens"/> ([T][B], each in 0..V−1) and returns the embedded
    /// sequence, [T][B][E], valid until the next call.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token id outside the vocabulary.</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<int> tokens, int steps, int batch)
    {
        Read(tokens, steps, batch);
        int rows = steps * batch, e = Dimension;
        ReadOnlySpan<float> table = _parameters.Value(Table);
        var output = _output.AsSpan(0, rows * e);
        for (int r = 0; r < rows; r++) table.Slice(_tokens[r] * e, e).CopyTo(output.Slice(r * e, e));
        return output;
    }

    /// <summary>Checks and keeps <paramref name="tokens"/> ([T][B]) without looking them up: the layer above
    /// projects through the table (<see cref="EmbeddingProjection.ThroughTable"/>) and reads <see cref="Tokens"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token id outside the vocabulary.</exception>
    public void Read(ReadOnlySpan<int> tokens, int steps, int batch)
    {
        EnsureCapacity(steps, batch);
        int rows = steps * batch;
        for (int r = 0; r < rows; r++)
        {
            int id = tokens[r];
            if ((uint)id >= (uint)Vocabulary)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"token id {id} at step {r / batch}, sample {r % batch} is outside the vocabulary 0..{Vocabulary - 1}");
            _tokens[r] = id;
        }
        _rows = rows;
    }

    /// <summary>The token ids of the last forward pass or <see cref="Read"/>, [T][B].</summary>
    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, _rows);

    /// <summary>The embedded sequence of the last forward pass, [T][B][E].</summary>
    public ReadOnlySpan<float> Output(int steps, int batch) => _output.AsSpan(0, steps * batch * Dimension);

    /// <summary>Adds <paramref name="outputGradient"/> ([T][B][E]) into the gradient rows of the tokens
    /// the last forward pass read, in step order (deterministic).</summary>
    public void Backward(ReadOnlySpan<float> outputGradient, int steps, int batch)
    {
        int rows = steps * batch, e = Dimension;
        if (rows != _rows) throw new InvalidOperationException($"backward over {rows} rows after a forward pass over {_rows}");
        var gradient = _parameters.Gradient(Table);
        for (int r = 0; r < rows; r++)
        {
            var row = gradient.Slice(_tokens[r] * e, e);
            TensorPrimitives.Add(row, outputGradient.Slice(r * e, e), row);
        }
    }
}
