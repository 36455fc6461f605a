namespace Tuner.Contracts.Jobs.Parsing;

/// <summary>Builds the JSON paths that name a problem's place: <c>searchSpace.units.values[2]</c>.</summary>
internal static class JsonPaths
{
    public static string Child(string parent, string name)
    {
        // A hostile or odd key is quoted and shortened, so the message stays one readable line.
        var safe = name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$')
            ? name
            : "[\"" + SpecReader.Escape(name.Length > 64 ? name[..64] + "…" : name) + "\"]";
        return parent.Length == 0 ? safe : safe.StartsWith('[') ? parent + safe : parent + "." + safe;
    }

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
