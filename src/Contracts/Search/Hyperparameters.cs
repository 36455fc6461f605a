using System.Collections;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tuner.Contracts.Search;

/// <summary>One configuration: hyperparameter names mapped to values, in a fixed order (the order of
/// the search space), serialized as a flat JSON object <c>{"units": 128, "dropout": 0.1}</c>.</summary>
/// <remarks>Equality is by the ordered entries. A custom converter keeps the JSON shape and the
/// int/float distinction stable, whatever serializer options carry it (Akka messages, journal events).</remarks>
[JsonConverter(typeof(HyperparametersJsonConverter))]
public sealed class Hyperparameters : IReadOnlyList<KeyValuePair<string, HyperparameterValue>>, IEquatable<Hyperparameters>
{
    private readonly ImmutableArray<KeyValuePair<string, HyperparameterValue>> _entries;

    public static Hyperparameters Empty { get; } = new([]);

    public Hyperparameters(IEnumerable<KeyValuePair<string, HyperparameterValue>> entries)
    {
        _entries = entries.ToImmutableArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in _entries)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("hyperparameter names must be non-empty", nameof(entries));
            if (!names.Add(name)) throw new ArgumentException($"hyperparameter '{name}' appears twice", nameof(entries));
        }
    }

    public int Count => _entries.Length;

    public KeyValuePair<string, HyperparameterValue> this[int index] => _entries[index];

    /// <summary>The value of <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public HyperparameterValue this[string name] =>
        TryGet(name, out var value) ? value : throw new KeyNotFoundException($"no hyperparameter '{name}'");

    public IEnumerable<string> Names => _entries.Select(e => e.Key);

    public bool Contains(string name) => TryGet(name, out _);

    public bool TryGet(string name, out HyperparameterValue value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, name, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>A copy with <paramref name="name"/> set: replaced in place when present, else appended.</summary>
    public Hyperparameters With(string name, HyperparameterValue value)
    {
        for (var i = 0; i < _entries.Length; i++)
            if (_entries[i].Key == name) return new Hyperparameters(_entries.SetItem(i, new(name, value)));
        return new Hyperparameters(_entries.Add(new(name, value)));
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static Hyperparameters FromJson(string json) =>
        JsonSerializer.Deserialize<Hyperparameters>(json) ?? throw new JsonException("hyperparameters must be a JSON object, not null");

    public IEnumerator<KeyValuePair<string, HyperparameterValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, HyperparameterValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(Hyperparameters? other)
    {
        if (other is null || other.Count != Count) return false;
        for (var i = 0; i < _entries.Length; i++)
            if (_entries[i].Key != other._entries[i].Key || !_entries[i].Value.Equals(other._entries[i].Value)) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is Hyperparameters other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (name, value) in _entries)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    public static bool operator ==(Hyperparameters? left, Hyperparameters? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Hyperparameters? left, Hyperparameters? right) => !(left == right);

    /// <summary>The JSON form, e.g. <c>{"units":128,"dropout":0.1}</c>.</summary>
    public override string ToString() => ToJson();
}
