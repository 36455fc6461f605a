using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tuner.Contracts.Search;

/// <summary>Reads and writes a <see cref="HyperparameterValue"/> as a bare JSON value; a number
/// with a decimal point or exponent reads as a float, otherwise as an integer.</summary>
public sealed class HyperparameterValueJsonConverter : JsonConverter<HyperparameterValue>
{
    public override HyperparameterValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, HyperparameterValue value, JsonSerializerOptions options) =>
        WriteValue(writer, value);

    internal static HyperparameterValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return HyperparameterValue.String(reader.GetString()!);
            case JsonTokenType.True:
                return HyperparameterValue.Bool(true);
            case JsonTokenType.False:
                return HyperparameterValue.Bool(false);
            case JsonTokenType.Number:
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                var looksFloat = Array.IndexOf(raw, (byte)'.') >= 0 || Array.IndexOf(raw, (byte)'e') >= 0 || Array.IndexOf(raw, (byte)'E') >= 0;
                if (!looksFloat && reader.TryGetInt64(out var integer))
                    return HyperparameterValue.Int(integer);
                var number = reader.GetDouble();
                return double.IsFinite(number)
                    ? HyperparameterValue.Float(number)
                    : throw new JsonException("must be a finite number");
            default:
                throw new JsonException($"must be a number, string or boolean, not {Kind(reader.TokenType)}");
        }
    }

    /// <summary>A JSON token in the words of a spec's author (the reader's names, e.g. StartObject, are its own).</summary>
    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    internal static void WriteValue(Utf8JsonWriter writer, HyperparameterValue value)
    {
        switch (value.Kind)
        {
            case HyperparameterKind.Int: writer.WriteNumberValue(value.AsInt64()); break;
            case HyperparameterKind.Float: writer.WriteRawValue(HyperparameterValue.FormatFloat(value.AsDouble()), skipInputValidation: true); break;
            case HyperparameterKind.String: writer.WriteStringValue(value.AsString()); break;
            default: writer.WriteBooleanValue(value.AsBool()); break;
        }
    }
}
