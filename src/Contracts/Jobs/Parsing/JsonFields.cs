using System.Text.Json;

namespace Tuner.Contracts.Jobs.Parsing;

/// <summary>The properties of one JSON object, with the JSON path of the object.</summary>
internal sealed class JsonFields(string path, IReadOnlyList<KeyValuePair<string, JsonElement>> properties)
{
    public string Path { get; } = path;

    public IReadOnlyList<KeyValuePair<string, JsonElement>> Properties { get; } = properties;

    public int Count => Properties.Count;

    /// <summary>The value of <paramref name="name"/>; null when absent or JSON <c>null</c> (an optional field left out).</summary>
    public JsonElement? this[string name]
    {
        get
        {
            foreach (var (key, value) in Properties)
                if (key == name)
                    return value.ValueKind == JsonValueKind.Null ? null : value;
            return null;
        }
    }

    public bool Has(string name) => this[name] is not null;

    /// <summary>The JSON path of field <paramref name="name"/>, e.g. <c>searchSpace.units.step</c>.</summary>
    public string PathOf(string name) => JsonPaths.Child(Path, name);
}
