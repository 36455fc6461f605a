using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Tuner.Bench.Chaos;

/// <summary>One tuner process of the soak (the built tuner.dll, <c>--log-format json</c>): its log events kept as they
/// arrive, its last lines for diagnostics, killed with SIGKILL.</summary>
internal sealed class ChaosNode : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<(DateTime At, string Message)> _events = new();
    private readonly ConcurrentQueue<string> _tail = new();

    private readonly StreamWriter? _file;

    /// <param name="logFile">Where every line the process writes is kept too (null: nowhere).</param>
    public ChaosNode(string role, string name, string directory, IReadOnlyList<string> args, string? apiUrl = null, string? managementUrl = null, string? logFile = null)
    {
        if (logFile is not null) _file = new StreamWriter(logFile) { AutoFlush = true };
        Role = role;
        Name = name;
        Api = apiUrl;
        Management = managementUrl;
        _process = TunerNodes.Start(directory, Keep, [.. args]);
        StartedAt = DateTime.UtcNow;
        var port = args.SkipWhile(a => a != "--port").Skip(1).FirstOrDefault();
        WorkerId = port is null or "0" ? $"127.0.0.1/{Pid}" : $"127.0.0.1:{port}";
    }

    public string Role { get; }

    public string Name { get; }

    /// <summary>The HTTP API (coordinators).</summary>
    public string? Api { get; }

    /// <summary>The management endpoint (<c>/ready</c>).</summary>
    public string? Management { get; }

    public DateTime StartedAt { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Whether a log event after <paramref name="after"/> has a message containing <paramref name="text"/>; its time.</summary>
    public DateTime? FirstEvent(string text, DateTime after)
    {
        foreach (var (at, message) in _events)
            if (at > after && message.Contains(text, StringComparison.Ordinal)) return at;
        return null;
    }

    /// <summary>The first log event after <paramref name="after"/> whose message <paramref name="matches"/>; its time.</summary>
    public DateTime? FirstEvent(Func<string, bool> matches, DateTime after)
    {
        foreach (var (at, message) in _events)
            if (at > after && matches(message)) return at;
        return null;
    }

    /// <summary>When each log event whose message contains <paramref name="text"/> was logged.</summary>
    public IEnumerable<DateTime> Events(string text) => _events.Where(e => e.Message.Contains(text, StringComparison.Ordinal)).Select(e => e.At);

    public IEnumerable<string> Messages(string text) => _events.Select(e => e.Message).Where(m => m.Contains(text, StringComparison.Ordinal));

    /// <summary>SIGKILL: the process gets no chance to leave the cluster or save anything.</summary>
    public void Kill()
    {
        Killed = true;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public string Tail() => $"--- {Name} (pid {Pid}{(HasExited ? ", exited" : "")})\n{string.Join('\n', _tail)}";

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        if (_file is not null) lock (_file) _file.Dispose();
    }

    private void Keep(string line)
    {
        if (_file is not null) lock (_file) _file.WriteLine(line);
        _tail.Enqueue(line);
        while (_tail.Count > 60) _tail.TryDequeue(out _);
        if (!line.StartsWith('{')) return;
        bool error = line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"@l\":\"Fatal\"", StringComparison.Ordinal);
        if (error) Interlocked.Increment(ref _errors);
        // Only what the soak reads is parsed and kept: a 20-minute run must not hold every line.
        if (!Interesting.Any(i => line.Contains(i, StringComparison.Ordinal))) return;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("@m", out var m) || !root.TryGetProperty("@t", out var t)) return;
            var message = m.GetString() ?? "";
            _events.Enqueue((DateTime.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), message));
        }
        catch (JsonException)
        {
        }
    }

    /// <summary>The log messages the soak reads.</summary>
    public static readonly string[] Interesting = [SingletonStarted, Requeuing, ResolverDecision];

    /// <summary>A split-brain resolver's decision; one that downs the deciding node too says <see cref="DowningItself"/>:
    /// <c>DownAll</c> when membership kept changing for longer than stable-after + down-all-when-unstable, or an
    /// indirectly-connected decision taken twice, which Akka turns into downing all (docs/deploy.md, "Fail-over").</summary>
    public const string ResolverDecision = "SBR took decision";

    public const string DowningItself = "including myself";

    /// <summary>When this node's resolver downed every node it saw, itself included.</summary>
    public IEnumerable<DateTime> SelfDowningDecisions() =>
        _events.Where(e => e.Message.Contains(ResolverDecision, StringComparison.Ordinal) && e.Message.Contains(DowningItself, StringComparison.Ordinal)).Select(e => e.At);

    /// <summary>Whether the soak killed this process (otherwise, if it exited, it stopped by itself).</summary>
    public bool Killed { get; private set; }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    private int _errors;

    /// <summary>Log events of level Error or Fatal so far.</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>Akka's cluster singleton manager, on the node that now hosts the job manager (as the Kubernetes rehearsal reads it).</summary>
    public const string SingletonStarted = "Singleton manager started singleton actor";

    /// <summary>A job requeuing the attempts of a lost worker; the line names the workers (<see cref="WorkerId"/>).</summary>
    public const string Requeuing = "requeuing";

    /// <summary>How a worker on 127.0.0.1 names itself (<c>WorkerNode</c>): host/pid with <c>--port 0</c>, host:port with a
    /// fixed port (then every incarnation on that port has the same name).</summary>
    public string WorkerId { get; }
}
