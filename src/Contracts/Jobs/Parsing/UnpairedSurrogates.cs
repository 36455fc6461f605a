using System.Text.Json;

namespace Tuner.Contracts.Jobs.Parsing;

/// <summary>Finds the keys and strings of a JSON document that are no text: a <c>\uD800</c>-style escape of half a UTF-16
/// surrogate pair without its other half is valid JSON syntax but decodes to no character, and .NET's reader throws on it
/// wherever the spec is read (it surfaced as a .NET message and exit 1).</summary>
internal static class UnpairedSurrogates
{
    private const string Fix = "holds a \\u escape of half a UTF-16 surrogate pair (\\uD800-\\uDFFF) without the other half, which is no character; write the character itself, or both halves of its pair";

    /// <summary>One problem per key or string that cannot be read, named by its JSON path.</summary>
    public static List<string> Find(JsonElement root)
    {
        var problems = new List<string>();
        Walk(root, "", problems);
        return problems;
    }

    private static void Walk(JsonElement element, string path, List<string> problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        problems.Add($"{(path.Length == 0 ? "the spec" : path)}: a key {Fix}");
                        continue;
                    }
                    Walk(property.Value, JsonPaths.Child(path, name), problems);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, JsonPaths.Index(path, index++), problems);
                break;
            case JsonValueKind.String:
                try
                {
                    element.GetString();
                }
                catch (InvalidOperationException)
                {
                    problems.Add($"{(path.Length == 0 ? "the spec" : path)}: {Fix}");
                }
                break;
        }
    }
}
