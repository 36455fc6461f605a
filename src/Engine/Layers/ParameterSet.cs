namespace Tuner.Engine.Layers;

/// <summary>All trainable parameters of a model in one flat array, with their gradients in a
/// second one of the same layout. Optimizers, gradient clipping, the L2 penalty and checkpoints
/// then work on whole vectors; layers see their tensors as slices.</summary>
public sealed class ParameterSet
{
    private readonly List<ParameterTensor> _tensors = [];
    private readonly Dictionary<string, ParameterTensor> _byName = new(StringComparer.Ordinal);
    private float[] _values = [];
    private float[] _gradients = [];
    private bool _frozen;

    /// <summary>Every tensor in declaration order.</summary>
    public IReadOnlyList<ParameterTensor> Tensors => _tensors;

    public int Count { get; private set; }

    public float[] Values => _frozen ? _values : throw new InvalidOperationException("ParameterSet is still being declared");

    public float[] Gradients => _frozen ? _gradients : throw new InvalidOperationException("ParameterSet is still being declared");

    /// <summary>Declares a tensor; its storage exists once <see cref="Allocate"/> ran.</summary>
    public ParameterTensor Declare(string name, int rows, int columns, bool isKernel)
    {
        if (_frozen) throw new InvalidOperationException("ParameterSet is already allocated");
        if (_byName.ContainsKey(name)) throw new ArgumentException($"duplicate parameter name '{name}'", nameof(name));
        // Counted in long: a model of more parameters than one array holds is refused here, not wrapped around.
        long length = (long)rows * columns;
        if (rows < 0 || columns < 0 || Count + length > Array.MaxLength)
            throw new ArgumentException($"parameter '{name}' [{rows}][{columns}] takes the model past {Array.MaxLength:N0} parameters, more than one array holds; use fewer units, layers or a smaller embedding");
        var tensor = new ParameterTensor(name, Count, rows, columns, isKernel);
        _tensors.Add(tensor);
        _byName.Add(name, tensor);
        Count += (int)length;
        return tensor;
    }

    public void Allocate()
    {
        if (_frozen) return;
        _values = new float[Count];
        _gradients = new float[Count];
        _frozen = true;
    }

    public ParameterTensor this[string name] =>
        _byName.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"no parameter named '{name}'; have: {string.Join(", ", _byName.Keys)}");

    public bool TryGet(string name, out ParameterTensor tensor) => _byName.TryGetValue(name, out tensor!);

    public Span<float> Value(ParameterTensor tensor) => Values.AsSpan(tensor.Offset, tensor.Length);

    public Span<float> Gradient(ParameterTensor tensor) => Gradients.AsSpan(tensor.Offset, tensor.Length);

    public void ZeroGradients() => Array.Clear(_gradients);
}
