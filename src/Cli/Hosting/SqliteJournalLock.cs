using Tuner.Contracts;

namespace Tuner.Cli.Hosting;

/// <summary>One process at a time on a SQLite journal, a <c>tuner run</c> or a coordinator: a second run on the same
/// <c>--db</c> recovered the same jobs beside the first, both journalled as the same persistent actors (Akka's "duplicate
/// PersistentId" warnings) and trained the same trials twice; a run on a coordinator's journal wrote under its job
/// manager's sequence numbers, whose next write then failed. The lock is an exclusive lock on <c>&lt;db&gt;.lock</c> (.NET
/// takes it with <c>flock</c> on Unix), held while the process lives and released by the system however it ends,
/// SIGKILL too. (Several coordinators share a journal on PostgreSQL, where the singleton's lease orders them.)</summary>
internal sealed class SqliteJournalLock : IDisposable
{
    private readonly FileStream _file;

    private SqliteJournalLock(FileStream file) => _file = file;

    /// <param name="setting">The option (or variable) that named the journal, for the messages.</param>
    /// <exception cref="InvalidInputException">Another process holds the journal.</exception>
    public static SqliteJournalLock Take(string dbFile, string setting)
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
                $"{setting}: {dbFile} is in use by another tuner process (a tuner run, or a coordinator); let it finish or stop it (Ctrl-C saves a run), or give another database");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidInputException($"{setting}: cannot create {path} beside the journal ({e.Message}); give a database in a folder you can write to");
        }
        return new SqliteJournalLock(file);
    }

    public void Dispose() => _file.Dispose();
}
