namespace Tuner.Runtime.Blobs;

/// <summary>The bytes free on the disk holding a path, told a full disk apart from other write failures.</summary>
public static class FreeSpace
{
    /// <summary>The bytes free on the disk holding <paramref name="path"/>, a folder or a file (null: unknown), asked of its
    /// nearest folder that exists: on a disk already full, a write's folder and its parents could not be created (DriveInfo
    /// refuses a path that does not exist).</summary>
    public static long? Of(string path)
    {
        try
        {
            var existing = Path.GetFullPath(path);
            while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent) existing = parent;
            return new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }
}
