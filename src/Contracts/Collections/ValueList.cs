using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace Tuner.Contracts.Collections;

/// <summary>An immutable list compared by its elements, so records holding lists compare by value
/// (an <see cref="ImmutableArray{T}"/> compares by reference) and round-trip through System.Text.Json.</summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
[JsonConverter(typeof(ValueListJsonConverterFactory))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    public static ValueList<T> Empty { get; } = new(ImmutableArray<T>.Empty);

    public ValueList(IEnumerable<T> items) => _items = items.ToImmutableArray();

    private ValueList(ImmutableArray<T> items) => _items = items;

    internal static ValueList<T> Wrap(ImmutableArray<T> items) => items.IsEmpty ? Empty : new(items);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public ImmutableArray<T> AsImmutableArray() => _items;

    public ImmutableArray<T>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_items).GetEnumerator();

    public bool Equals(ValueList<T>? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (other._items.Length != _items.Length) return false;
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < _items.Length; i++)
            if (!comparer.Equals(_items[i], other._items[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    public static bool operator ==(ValueList<T>? left, ValueList<T>? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ValueList<T>? left, ValueList<T>? right) => !(left == right);

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}

/// <summary>Factory methods for <see cref="ValueList{T}"/> (also the collection-expression builder).</summary>
public static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => ValueList<T>.Wrap(items.ToImmutableArray());

    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => ValueList<T>.Wrap(items.ToImmutableArray());
}
