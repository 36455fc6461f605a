using System.Runtime.InteropServices;

namespace Tuner.Cli;

/// <summary>Ctrl-C (SIGINT) and SIGTERM for every command. The first cancels <see cref="Token"/>: the command hands its
/// trials back, saves and ends (130 or 143); if it has not ended <c>grace</c> later (a read that cannot be cancelled, a
/// stuck shutdown), the process ends with that code. A second signal ends the process at once, as people who press
/// Ctrl-C twice expect: the journal is written transactionally, so a resumed run loses at most the epochs in flight.
/// (System.CommandLine's own handler did the first part, and crashed on a second signal with an unhandled exception.)</summary>
internal sealed class ProcessSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly TimeSpan _grace;
    private Timer? _deadline;
    private int _received;
    private bool _disposed;

    public ProcessSignals(TimeSpan grace)
    {
        _grace = grace;
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the command decides when to end, not the runtime's default handling
        var exitCode = context.Signal == PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Terminated;
        if (Interlocked.Increment(ref _received) > 1)
        {
            ClosingWords.OfProcess.SayLast("interrupted again: ending now", exitCode);
            Environment.Exit(exitCode);
        }
        lock (_cancellation)
        {
            if (_disposed) return; // the command has just ended
            _deadline = new Timer(_ =>
            {
                ClosingWords.OfProcess.SayLast($"still not ended {_grace.TotalSeconds:F0} s after the interrupt: ending now", exitCode, Serilog.Events.LogEventLevel.Error);
                Environment.Exit(exitCode);
            }, null, _grace, Timeout.InfiniteTimeSpan);
            _cancellation.Cancel();
        }
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        lock (_cancellation)
        {
            _disposed = true;
            _deadline?.Dispose();
        }
        _cancellation.Dispose();
    }
}
