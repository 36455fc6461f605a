using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Tuner.Coordinator.Tests.Support;

/// <summary>Everything an object holds, as text: every instance field (private ones and those of base classes too),
/// followed into the objects it references; lists in order, sets and dictionaries sorted. Two objects with the same
/// description hold the same state, so a field one side forgot to carry shows up as a difference.</summary>
internal static class StateDescription
{
    public static string Of(object? value)
    {
        var text = new StringBuilder();
        Describe(value, text, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        return text.ToString();
    }

    private static void Describe(object? value, StringBuilder text, HashSet<object> path, int depth)
    {
        if (depth > 64) throw new InvalidOperationException("object graph too deep");
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s).Append('"');
                return;
            case IFormattable f when value.GetType().IsPrimitive || value is decimal or DateTimeOffset or DateTime or TimeSpan or Guid or Enum:
                text.Append(f.ToString(null, CultureInfo.InvariantCulture));
                return;
            case bool or char:
                text.Append(value);
                return;
            case Delegate:
                text.Append("<delegate>");
                return;
            case Type t:
                text.Append(t.FullName);
                return;
        }
        var type = value.GetType();
        if (type.IsValueType && type.IsPrimitive) { text.Append(value); return; }
        if (!type.IsValueType && !path.Add(value)) { text.Append("<cycle>"); return; }
        try
        {
            if (value is IDictionary dictionary)
            {
                var entries = new List<string>();
                foreach (DictionaryEntry entry in dictionary) entries.Add(Of(entry.Key) + " => " + Nested(entry.Value, path, depth));
                entries.Sort(StringComparer.Ordinal);
                text.Append('{').AppendJoin(", ", entries).Append('}');
                return;
            }
            if (IsSet(type) && value is IEnumerable set)
            {
                var items = new List<string>();
                foreach (var item in set) items.Add(Nested(item, path, depth));
                items.Sort(StringComparer.Ordinal);
                text.Append("set{").AppendJoin(", ", items).Append('}');
                return;
            }
            if (value is IEnumerable sequence)
            {
                text.Append('[');
                var first = true;
                foreach (var item in sequence)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    Describe(item, text, path, depth + 1);
                }
                text.Append(']');
                return;
            }
            text.Append(type.Name).Append('(');
            var separator = "";
            foreach (var field in Fields(type))
            {
                text.Append(separator).Append(field.Name).Append('=');
                Describe(field.GetValue(value), text, path, depth + 1);
                separator = ", ";
            }
            text.Append(')');
        }
        finally
        {
            if (!type.IsValueType) path.Remove(value);
        }
    }

    private static string Nested(object? value, HashSet<object> path, int depth)
    {
        var text = new StringBuilder();
        Describe(value, text, path, depth + 1);
        return text.ToString();
    }

    private static bool IsSet(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISet<>));

    private static IEnumerable<FieldInfo> Fields(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                if (!field.IsDefined(typeof(CompilerGeneratedAttribute)) || field.Name.EndsWith("k__BackingField", StringComparison.Ordinal))
                    yield return field;
    }
}
