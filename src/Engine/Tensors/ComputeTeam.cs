using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Tuner.Engine.Tensors;

/// <summary>
/// A fixed team of threads with a cheap fork-join: <see cref="Run"/> splits a piece of work into
/// parts, runs them on the caller and the team's workers, and returns when all are done.
/// </summary>
/// <remarks>
/// <para>A team of size N owns N − 1 worker threads; the calling thread is the N-th member and
/// works too. A team of size 1 owns no thread and runs everything inline on the caller.</para>
/// <para>Workers spin briefly after each run (so a burst of small runs costs a few microseconds
/// each, not a thread wake-up), then block. A call allocates nothing.</para>
/// <para>One run at a time: a <see cref="Run"/> from inside a part, or from a second thread while
/// the team is busy, executes all its parts inline on the calling thread — correct, just not
/// parallel.</para>
/// </remarks>
public sealed class ComputeTeam : IDisposable
{
    /// <summary>How long an idle worker spins for the next run before it blocks.</summary>
    private static readonly long WorkerSpinTicks = Stopwatch.Frequency / 10_000; // 100 µs

    /// <summary>How long the caller spins for the workers' last parts before it blocks.</summary>
    private static readonly long CallerSpinTicks = Stopwatch.Frequency / 20_000; // 50 µs

    private readonly Thread[] _workers;
    private readonly object _wakeGate = new();
    private readonly object _doneGate = new();

    // Current run. _claim packs (generation << 32) | next unclaimed part, so a worker that wakes
    // late can never claim a part of a newer run with the work object of an older one.
    private IParallelWork? _work;
    private int _parts;
    private long _claim;
    private int _remaining;
    private int _sleepers;
    private int _callerWaiting;
    private int _busy;
    private volatile bool _disposed;
    private ExceptionDispatchInfo? _error;

    /// <summary>Creates a team of <paramref name="threads"/> threads, the caller included.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public ComputeTeam(int threads)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"A team needs at least 1 thread, got threads = {threads}.");
        Size = threads;
        _workers = new Thread[threads - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(WorkerLoop)
            {
                IsBackground = true,
                Name = $"ComputeTeam worker {i + 1}/{threads - 1}",
            };
            _workers[i].Start();
        }
    }

    /// <summary>Number of threads that execute parts, the caller included.</summary>
    public int Size { get; }

    /// <summary>
    /// Executes <c>work.Execute(part, parts)</c> for every part in [0, <paramref name="parts"/>)
    /// and returns when all are done. Rethrows the first exception a part threw.
    /// </summary>
    public void Run(int parts, IParallelWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (parts < 0)
            throw new ArgumentOutOfRangeException(nameof(parts), parts, $"parts must be ≥ 0, got parts = {parts}.");
        if (parts == 0) return;
        if (parts == 1 || Size == 1 || !TryEnter())
        {
            for (var p = 0; p < parts; p++) work.Execute(p, parts);
            return;
        }
        try { RunEntered(parts, work); }
        finally { Exit(); }
    }

    /// <summary>Claims the team for one run; false when it is busy (nested or concurrent use) or disposed.</summary>
    private bool TryEnter()
    {
        if (_disposed) return false;
        return Interlocked.CompareExchange(ref _busy, 1, 0) == 0;
    }

    private void Exit() => Volatile.Write(ref _busy, 0);

    /// <summary>The fork-join proper; the caller holds the team (<see cref="TryEnter"/>).</summary>
    private void RunEntered(int parts, IParallelWork work)
    {
        _work = work;
        _parts = parts;
        _error = null;
        Volatile.Write(ref _remaining, parts);
        var generation = (int)(Volatile.Read(ref _claim) >> 32) + 1;
        // Publishing the new generation is a full fence: the workers see _work and _parts.
        Interlocked.Exchange(ref _claim, (long)generation << 32);
        if (Volatile.Read(ref _sleepers) > 0)
        {
            lock (_wakeGate) Monitor.PulseAll(_wakeGate);
        }

        ExecuteParts(generation, parts, work);
        WaitForParts();
        _work = null;

        var error = _error;
        if (error is not null)
        {
            _error = null;
            error.Throw();
        }
    }

    private void ExecuteParts(int generation, int parts, IParallelWork work)
    {
        var claim = Volatile.Read(ref _claim);
        while (true)
        {
            if ((int)(claim >> 32) != generation) return;
            var part = (int)claim;
            if (part >= parts) return;
            var seen = Interlocked.CompareExchange(ref _claim, claim + 1, claim);
            if (seen != claim)
            {
                claim = seen;
                continue;
            }
            try
            {
                work.Execute(part, parts);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
            }
            if (Interlocked.Decrement(ref _remaining) == 0 && Volatile.Read(ref _callerWaiting) != 0)
            {
                lock (_doneGate) Monitor.PulseAll(_doneGate);
            }
            claim = Volatile.Read(ref _claim);
        }
    }

    private void WaitForParts()
    {
        if (Volatile.Read(ref _remaining) == 0) return;
        var deadline = Stopwatch.GetTimestamp() + CallerSpinTicks;
        var spins = 0;
        while (Volatile.Read(ref _remaining) != 0)
        {
            Thread.SpinWait(1);
            if ((++spins & 63) == 0 && Stopwatch.GetTimestamp() > deadline)
            {
                Interlocked.Exchange(ref _callerWaiting, 1);
                lock (_doneGate)
                {
                    while (Volatile.Read(ref _remaining) != 0) Monitor.Wait(_doneGate);
                }
                Volatile.Write(ref _callerWaiting, 0);
                return;
            }
        }
    }

    private void WorkerLoop()
    {
        var seenGeneration = 0;
        while (true)
        {
            var generation = WaitForGeneration(seenGeneration);
            if (_disposed) return;
            seenGeneration = generation;
            // Read after observing the generation: these belong to it (or the run is already over,
            // and then the claim below fails on the generation check).
            var work = _work;
            var parts = _parts;
            if (work is not null) ExecuteParts(generation, parts, work);
        }
    }

    private int WaitForGeneration(int seen)
    {
        var deadline = Stopwatch.GetTimestamp() + WorkerSpinTicks;
        var spins = 0;
        while (true)
        {
            var generation = (int)(Volatile.Read(ref _claim) >> 32);
            if (generation != seen || _disposed) return generation;
            Thread.SpinWait(1);
            if ((++spins & 63) == 0 && Stopwatch.GetTimestamp() > deadline) break;
        }
        Interlocked.Increment(ref _sleepers);
        try
        {
            lock (_wakeGate)
            {
                while (true)
                {
                    var generation = (int)(Volatile.Read(ref _claim) >> 32);
                    if (generation != seen || _disposed) return generation;
                    Monitor.Wait(_wakeGate);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _sleepers);
        }
    }

    /// <summary>Stops and joins the workers. Later runs execute inline on the caller.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Interlocked.Add(ref _claim, 1L << 32);
        lock (_wakeGate) Monitor.PulseAll(_wakeGate);
        foreach (var worker in _workers) worker.Join();
    }
}
