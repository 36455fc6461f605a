using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tuner.Contracts.Search;

/// <summary>Reads and writes <see cref="Hyperparameters"/> as a flat JSON object, keeping the order.</summary>
public sealed class HyperparametersJsonConverter : JsonConverter<Hyperparameters>
{
    public override Hyperparameters Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("hyperparameters must be a JSON object");
        var entries = new List<KeyValuePair<string, HyperparameterValue>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            try
            {
                entries.Add(new(name, HyperparameterValueJsonConverter.ReadValue(ref reader)));
            }
            catch (JsonException e)
            {
                throw new JsonException($"{name}: {e.Message}", e);
            }
        }
        try
        {
            return new Hyperparameters(entries);
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, Hyperparameters value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, item) in value)
        {
            writer.WritePropertyName(name);
            HyperparameterValueJsonConverter.WriteValue(writer, item);
        }
        writer.WriteEndObject();
    }
}
