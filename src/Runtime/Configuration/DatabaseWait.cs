using System.Globalization;
using Serilog;
using Tuner.Runtime.Timing;

namespace Tuner.Runtime.Configuration;

/// <summary>Waits, at start-up, for a database that cannot be reached yet — a PostgreSQL still starting on a fresh
/// install, a Service whose DNS name does not resolve yet — instead of failing at once: the probe is tried again after
/// 1 s, 2 s, 4 s, … at most 10 s apart (<see cref="RetryBackoff"/>, on <paramref name="clock"/>) for up to
/// <paramref name="bound"/> from the first try, each failure told to <paramref name="waiting"/> (by default a Serilog
/// warning). A failure waiting cannot fix (an <see cref="Contracts.InvalidInputException"/>: a refused login, a missing
/// database) ends it at once, as does the caller's cancellation; once the bound is over, the last failure is thrown as a
/// <see cref="DatabaseUnreachableException"/> that names <paramref name="boundSetting"/>.</summary>
/// <param name="bound">How long to keep trying (0: one try).</param>
/// <param name="boundSetting">Where <paramref name="bound"/> was set, for the messages (<c>--db-wait / TUNER_DB_WAIT</c>).</param>
public sealed class DatabaseWait(TimeSpan bound, string boundSetting, TimeProvider clock, Action<DatabaseWait.Waiting>? waiting = null)
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    private readonly RetryBackoff _pauses = new RetryBackoff(FirstPause, LongestPause, bound).Validated(boundSetting);
    private readonly Action<Waiting> _waiting = waiting ?? LogWarning;

    /// <summary>Tries <paramref name="probe"/> until it answers; returns how many tries it took.</summary>
    public async Task<int> UntilItAnswersAsync(Func<CancellationToken, Task> probe, CancellationToken cancellation)
    {
        var start = clock.GetTimestamp();
        for (int tries = 1; ; tries++)
        {
            try
            {
                await probe(cancellation).ConfigureAwait(false);
                return tries;
            }
            catch (DatabaseUnreachableException e) when (!cancellation.IsCancellationRequested)
            {
                var waited = clock.GetElapsedTime(start);
                if (_pauses.Delay(tries, waited) is not { } pause) throw GaveUp(e, tries, waited);
                _waiting(new Waiting(e.Database, e.Reason, tries, pause, bound - waited, boundSetting));
                await Task.Delay(pause, clock, cancellation).ConfigureAwait(false);
            }
        }
    }

    private DatabaseUnreachableException GaveUp(DatabaseUnreachableException last, int tries, TimeSpan waited) =>
        last.WithMessage(bound <= TimeSpan.Zero
            ? $"{last.Message}; {boundSetting} is 0 (no wait): give e.g. 60s to wait for it to start"
            : $"{last.Setting}: {last.Database} could not be reached: {tries} tries in {Duration(waited)}, the last: {last.Reason}; "
              + $"start it (or check its address), or wait longer than {Duration(bound)} with {boundSetting}");

    /// <summary>"45 s", "3 min", "90 s": how the messages say a wait.</summary>
    public static string Duration(TimeSpan value) =>
        value >= TimeSpan.FromMinutes(2) && value.Seconds == 0 && value.Milliseconds == 0
            ? $"{value.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min"
            : $"{Math.Round(value.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";

    private static void LogWarning(Waiting w) =>
        Log.Warning("The database {Database} cannot be reached (try {Tries}): {Error}; trying again in {PauseSeconds} s, for up to {LeftSeconds} s more ({WaitSetting})",
            w.Database, w.Tries, w.Reason, Math.Round(w.Pause.TotalSeconds, 1), Math.Round(w.Left.TotalSeconds), w.BoundSetting);

    /// <summary>Try <paramref name="Tries"/> failed with <paramref name="Reason"/>; the next comes after
    /// <paramref name="Pause"/>, and the wait ends <paramref name="Left"/> from now.</summary>
    public sealed record Waiting(string Database, string Reason, int Tries, TimeSpan Pause, TimeSpan Left, string BoundSetting);
}
