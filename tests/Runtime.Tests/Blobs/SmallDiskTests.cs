using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;

namespace Tuner.Runtime.Tests.Blobs;

/// <summary>A <see cref="FolderBlobStore"/> on a real 1 MB tmpfs: a checkpoint larger than the space left fails as a
/// <see cref="DiskFullException"/> naming the folder, which the <see cref="DiskWatchingBlobStore"/> says once, and a
/// write that fits after space was freed says there is room again; a SQLite journal there fails as
/// <see cref="SqliteDiskFull"/> recognizes. What is stored stays readable.</summary>
public sealed class SmallDiskTests : IDisposable
{
    private readonly string _mount = Path.Combine(Path.GetTempPath(), $"tuner-small-disk-{Guid.NewGuid():N}");

    [SmallDiskFact]
    public async Task A_full_disk_fails_writes_as_disk_full_naming_the_folder_and_keeps_what_was_stored()
    {
        Directory.CreateDirectory(_mount);
        Run("mount", $"-t tmpfs -o size=1m tmpfs {_mount}");
        var store = new FolderBlobStore(Path.Combine(_mount, "tuner.db.checkpoints"));
        var said = new List<DiskFullWatch.Verdict>();
        void Say(DiskFullWatch.Verdict verdict)
        {
            if (verdict != DiskFullWatch.Verdict.None) said.Add(verdict);
        }
        var watch = new DiskFullWatch(TimeSpan.FromMinutes(5), new FakeTimeProvider());
        var watched = new DiskWatchingBlobStore(store, bytes => Say(watch.Stored(bytes)), full => Say(watch.Failed(full)));
        var first = new byte[600_000];
        Random.Shared.NextBytes(first);
        await watched.PutAsync("ckpt/job/t-0001.r0.x0", first);

        var full = await Assert.ThrowsAsync<DiskFullException>(() => watched.PutAsync("ckpt/job/t-0002.r0.x0", new byte[600_000]));
        Assert.Equal(store.Root, full.Folder);
        Assert.StartsWith($"no space left on device: {store.Root} has ", full.Message);
        await Assert.ThrowsAsync<DiskFullException>(() => watched.PutAsync("ckpt/job/t-0002.r0.x0", new byte[600_000]));
        Assert.Equal([DiskFullWatch.Verdict.Full], said);
        Assert.Equal(first, await store.GetAsync("ckpt/job/t-0001.r0.x0"));
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, "ckpt", "job"), "*.tmp")); // no half-written file left

        File.Delete(Path.Combine(store.Root, "ckpt", "job", "t-0001.r0.x0")); // the user frees space
        await watched.PutAsync("ckpt/job/t-0002.r0.x0", new byte[600_000]);
        Assert.Equal([DiskFullWatch.Verdict.Full, DiskFullWatch.Verdict.Room], said);
    }

    [SmallDiskFact]
    public void A_full_disk_fails_a_sqlite_journal_write_as_sqlite_full_and_keeps_what_was_written()
    {
        Directory.CreateDirectory(_mount);
        Run("mount", $"-t tmpfs -o size=1m tmpfs {_mount}");
        using var journal = new SqliteConnection($"Data Source={Path.Combine(_mount, "tuner.db")};Pooling=False");
        journal.Open();
        Execute(journal, "PRAGMA journal_mode=WAL; CREATE TABLE events (payload BLOB)");
        var written = 0;
        var full = Assert.Throws<SqliteException>(() =>
        {
            for (; written < 100; written++) Execute(journal, "INSERT INTO events VALUES (randomblob(65536))");
        });
        Assert.True(SqliteDiskFull.In(full), full.Message);
        Assert.InRange(written, 1, 99);
        using var count = journal.CreateCommand();
        count.CommandText = "SELECT count(*) FROM events";
        Assert.Equal(written, Convert.ToInt32(count.ExecuteScalar()));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (!Directory.Exists(_mount)) return;
        try { Run("umount", _mount); } catch (InvalidOperationException) { /* never mounted */ }
        Directory.Delete(_mount, recursive: true);
    }

    private static void Run(string command, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {arguments}: exit {process.ExitCode}: {error}");
    }

    /// <summary>Needs Linux and root with CAP_SYS_ADMIN, to mount a tmpfs (the CI machine has them; a container started
    /// without that capability does not, even as root).</summary>
    private sealed class SmallDiskFactAttribute : FactAttribute
    {
        private const int SysAdmin = 21; // CAP_SYS_ADMIN's bit in /proc/self/status's CapEff

        public SmallDiskFactAttribute()
        {
            if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess || !MayMount())
                Skip = "mounting a small tmpfs needs Linux and root with CAP_SYS_ADMIN";
        }

        private static bool MayMount()
        {
            var effective = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            return effective is not null
                && ulong.TryParse(effective["CapEff:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, null, out var bits)
                && (bits >> SysAdmin & 1) == 1;
        }
    }
}
