using System.Diagnostics;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A PostgreSQL server of a test's own, which it may stop and start again (the shared test server must never
/// be stopped): Debian's server binaries (<c>/usr/lib/postgresql/*/bin</c>, which <c>./build.sh test</c> installs), a
/// fresh cluster in a temporary folder, on a free port of 127.0.0.1, run as the <c>postgres</c> user when the tests
/// run as root (PostgreSQL refuses root), the way build.sh starts its own.</summary>
internal sealed class ThrowawayPostgres : IDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private ThrowawayPostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string to the server's <c>postgres</c> database as the <c>postgres</c> user.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    private string Data => Path.Combine(_folder, "data");

    /// <summary>Creates the cluster and starts the server; throws when the binaries are missing (build.sh installs them).</summary>
    public static ThrowawayPostgres Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).LastOrDefault()
            : null;
        if (bin is null) throw new InvalidOperationException("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: run ./build.sh test, which installs them");
        var folder = Directory.CreateTempSubdirectory("tuner-pg-own-").FullName;
        if (Environment.UserName == "root") Run("chown", "postgres:postgres", folder);
        var server = new ThrowawayPostgres(bin, folder, TunerProcess.FreePort());
        server.AsOwner("initdb", "-D", server.Data, "-U", "postgres", "-A", "trust", "--no-sync");
        server.StartServer();
        return server;
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public void StartServer() =>
        AsOwner("pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "log"), "-w", "start",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_folder} -c fsync=off -c max_connections=200");

    /// <summary>Stops the server: <c>fast</c> closes every connection and shuts down cleanly; <c>immediate</c> kills it
    /// as a crash would (it recovers from its write-ahead log on the next start).</summary>
    public void Stop(string mode = "fast") => AsOwner("pg_ctl", "-D", Data, "-m", mode, "-w", "stop");

    public void Dispose()
    {
        try { Stop("immediate"); } catch (InvalidOperationException) { /* not running */ }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private void AsOwner(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        if (Environment.UserName == "root") Run("runuser", ["-u", "postgres", "--", path, .. args]);
        else Run(path, args);
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {output.Result}{error.Result}");
    }
}
