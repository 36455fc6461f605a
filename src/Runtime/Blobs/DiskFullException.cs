namespace Tuner.Runtime.Blobs;

/// <summary>A blob or a journal entry could not be written because the disk holding <see cref="Folder"/> is full (no
/// space left on device): <see cref="Needed"/> bytes to write, <see cref="Available"/> free. Not a failure that passes by
/// itself in a moment: someone has to free space, or move the store.</summary>
public sealed class DiskFullException : IOException
{
    /// <summary>What a journal write needs at least: SQLite writes whole pages (4 KB by default).</summary>
    public const long JournalPage = 4096;

    /// <summary>A blob of <paramref name="needed"/> bytes could not be written to <paramref name="folder"/>.</summary>
    public DiskFullException(string folder, long needed, long available, Exception inner)
        : this(folder, needed, available, $"{Bytes(available)} free, {Bytes(needed)} needed", $"{folder} has ", inner)
    {
    }

    private DiskFullException(string folder, long needed, long available, string detail, string subject, Exception inner)
        : base($"{NoSpace}: {subject}{detail}", inner)
    {
        Folder = folder;
        Needed = needed;
        Available = available;
        Detail = detail;
    }

    /// <summary>What the operating system calls it (ENOSPC), at the start of every such message.</summary>
    public const string NoSpace = "no space left on device";

    public string Folder { get; }

    /// <summary>The message without the folder, for a sentence that names the folder itself: "12 KB free, 1.2 MB needed".</summary>
    public string Detail { get; }

    public long Needed { get; }

    public long Available { get; }

    /// <summary>The SQLite journal <paramref name="file"/> could not record an entry (<paramref name="inner"/>: SQLite's
    /// "database or disk is full").</summary>
    public static DiskFullException Journal(string file, long available, Exception inner) =>
        new(Path.GetDirectoryName(Path.GetFullPath(file))!, JournalPage, available,
            $"the journal {file} could not be written, {Bytes(available)} free", subject: "", inner);

    private static string Bytes(long n) => n >= 1 << 20 ? $"{n / (double)(1 << 20):F1} MB" : n >= 1 << 10 ? $"{n / 1024.0:F0} KB" : $"{n} bytes";
}
