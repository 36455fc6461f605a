using System.Globalization;
using System.Text.Json.Serialization;

namespace Tuner.Contracts.Search;

/// <summary>One hyperparameter value: an integer, a finite float, a string or a boolean.</summary>
/// <remarks>Integers and floats are distinct kinds (<c>Int(1) != Float(1.0)</c>) and keep their kind
/// through JSON: floats are always written with a decimal point or an exponent.</remarks>
[JsonConverter(typeof(HyperparameterValueJsonConverter))]
public readonly record struct HyperparameterValue
{
    private readonly long _integer;
    private readonly double _float;
    private readonly string? _text;

    private HyperparameterValue(HyperparameterKind kind, long integer, double @float, string? text)
    {
        Kind = kind;
        _integer = integer;
        _float = @float;
        _text = text;
    }

    public HyperparameterKind Kind { get; }

    public static HyperparameterValue Int(long value) => new(HyperparameterKind.Int, value, 0, null);

    public static HyperparameterValue Float(double value) =>
        double.IsFinite(value)
            ? new(HyperparameterKind.Float, 0, value == 0 ? 0.0 : value, null) // one zero: -0.0 and 0.0 are the same setting
            : throw new ArgumentOutOfRangeException(nameof(value), value, "hyperparameter values must be finite");

    public static HyperparameterValue String(string value) =>
        new(HyperparameterKind.String, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public static HyperparameterValue Bool(bool value) => new(HyperparameterKind.Bool, value ? 1 : 0, 0, null);

    public bool IsNumber => Kind is HyperparameterKind.Int or HyperparameterKind.Float;

    public long AsInt64() => Kind == HyperparameterKind.Int ? _integer : throw KindError("an integer");

    public int AsInt32() => checked((int)AsInt64());

    /// <summary>The value as a double; integers convert.</summary>
    public double AsDouble() => Kind switch
    {
        HyperparameterKind.Float => _float,
        HyperparameterKind.Int => _integer,
        _ => throw KindError("a number"),
    };

    public string AsString() => Kind == HyperparameterKind.String ? _text! : throw KindError("a string");

    public bool AsBool() => Kind == HyperparameterKind.Bool ? _integer != 0 : throw KindError("a boolean");

    /// <summary>The value as JSON text: <c>128</c>, <c>0.1</c>, <c>1E-05</c>, <c>0.0</c>, <c>"lstm"</c>, <c>true</c>.</summary>
    public override string ToString() => Kind switch
    {
        HyperparameterKind.Int => _integer.ToString(CultureInfo.InvariantCulture),
        HyperparameterKind.Float => FormatFloat(_float),
        HyperparameterKind.String => System.Text.Json.JsonSerializer.Serialize(_text),
        _ => _integer != 0 ? "true" : "false",
    };

    /// <summary>Shortest round-trip text of a float, always recognisable as a float in JSON.</summary>
    internal static string FormatFloat(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? text : text + ".0";
    }

    private InvalidOperationException KindError(string wanted) =>
        new($"hyperparameter value {this} is {Kind.ToString().ToLowerInvariant()}, not {wanted}");
}
