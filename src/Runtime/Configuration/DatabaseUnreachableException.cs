namespace Tuner.Runtime.Configuration;

/// <summary>The database could not be reached — the connection was refused, its host name did not resolve, the connection
/// timed out, or the server is still starting — as opposed to one that answered "no" (a wrong password, a database that
/// does not exist), which is an input error. Waiting may fix this one (<see cref="DatabaseWait"/>); it is not the user's
/// input that failed, so it is no input error (exit 1, not 2).</summary>
public sealed class DatabaseUnreachableException : Exception
{
    public DatabaseUnreachableException(string setting, string database, string reason, Exception? inner = null)
        : base($"{setting}: cannot reach {database}: {reason}", inner)
    {
        Setting = setting;
        Database = database;
        Reason = reason;
    }

    private DatabaseUnreachableException(string message, DatabaseUnreachableException last)
        : base(message, last)
    {
        Setting = last.Setting;
        Database = last.Database;
        Reason = last.Reason;
    }

    /// <summary>Where the database was named (<c>--db / TUNER_DB</c>).</summary>
    public string Setting { get; }

    /// <summary>The database's <see cref="DatabaseTarget.Description"/> (never its password).</summary>
    public string Database { get; }

    /// <summary>Why it could not be reached, e.g. <c>Failed to connect to 127.0.0.1:5432: Connection refused</c>.</summary>
    public string Reason { get; }

    /// <summary>The same failure, said once waiting for it is over.</summary>
    public DatabaseUnreachableException WithMessage(string message) => new(message, this);
}
