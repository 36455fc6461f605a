using Tuner.Contracts;

namespace Tuner.Cli.Hosting;

/// <summary>One <c>tuner run</c> at a time on a SQLite journal: a second run on the same <c>--db</c> recovered the same
/// jobs beside the first, both journalled as the same persistent actors (Akka's "duplicate PersistentId" warnings) and
/// trained the same trials twice. The lock is an exclusive lock on <c>&lt;db&gt;.lock</c> (.NET takes it with
/// <c>flock</c> on Unix), held while the run lives and released by the system however the process ends, SIGKILL too.</summary>
internal sealed class LocalRunLock : IDisposable
{
    private readonly FileStream _file;

    private LocalRunLock(FileStream file) => _file = file;

    /// <exception cref="InvalidInputException">Another process holds the journal.</exception>
    public static LocalRunLock Take(string dbFile)
    {
        var path = Path.GetFullPath(dbFile) + ".lock";
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidInputException(
                $"--db: {dbFile} is in use by another tuner run; let it finish or stop it (Ctrl-C saves it), or give another --db");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidInputException($"--db: cannot create {path} beside the journal ({e.Message}); give a --db in a folder you can write to");
        }
        return new LocalRunLock(file);
    }

    public void Dispose() => _file.Dispose();
}
