namespace Tuner.Coordinator.Jobs;

/// <summary>Shown the results of the journal's writes (tuner run's <c>LocalDiskSpace</c> tells a full disk from them): a
/// failure the node explains itself, once and with what to do, is only a debug line in the actor that met it.</summary>
public interface IJournalWatch
{
    /// <summary>A write (an event, a snapshot) failed; true when the node says what <paramref name="cause"/> means itself.</summary>
    bool Failed(Exception cause);

    /// <summary>An event was written.</summary>
    void Written();
}
