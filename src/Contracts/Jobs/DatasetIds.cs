namespace Tuner.Contracts.Jobs;

/// <summary>Ids of uploaded datasets: <c>sha256:</c> and the lowercase hex SHA-256 of the bytes (what
/// <c>PUT /api/datasets</c> answers and <c>data.dataset</c> names). The coordinator keeps a dataset as the blob
/// <c>data/&lt;hex&gt;</c>, as it keeps a job's inline CSV.</summary>
public static class DatasetIds
{
    public const string Prefix = "sha256:";

    /// <summary>Characters of an id: the prefix and 64 hex digits.</summary>
    public const int Length = 71;

    public const string Example = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static string Of(string sha256Hex) => Prefix + sha256Hex;

    public static bool IsValid(string id) =>
        id.Length == Length && id.StartsWith(Prefix, StringComparison.Ordinal) && id.AsSpan(Prefix.Length).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>The hex digest of a valid id.</summary>
    public static string Hex(string id) => IsValid(id) ? id[Prefix.Length..] : throw new ArgumentException($"'{id}' is not a dataset id", nameof(id));
}
