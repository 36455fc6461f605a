namespace Tuner.Runtime.Blobs;

/// <summary>Checks blob ids: printable ASCII paths of segments without <c>..</c>, so a folder store can use them as relative paths.</summary>
public static class BlobIds
{
    public static void Check(string id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 512)
            throw new ArgumentException($"blob id must be 1..512 characters, got {id?.Length ?? 0}", nameof(id));
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '@' or '#'))
                throw new ArgumentException($"blob id '{id}' contains '{c}'; allowed: letters, digits and / - _ . @ #", nameof(id));
        foreach (var segment in id.Split('/'))
            if (segment is "" or "." or "..")
                throw new ArgumentException($"blob id '{id}' has an empty, '.' or '..' segment", nameof(id));
    }
}
