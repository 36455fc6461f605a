namespace Tuner.Contracts.Protocol;

/// <summary>Marks every message that crosses nodes or is persisted; bound to Tuner's System.Text.Json serializer.</summary>
public interface ITunerMessage;

/// <summary>A message that can be tens of megabytes (a 100,000-trial job's snapshot or results): serialized into a buffer
/// of its own, not through the shared array pool, which would keep buffers of that size cached long after.</summary>
public interface ILargeMessage : ITunerMessage;

/// <summary>A message for one job's actor; the JobManager routes it by <see cref="JobId"/>.</summary>
public interface IWithJobId
{
    string JobId { get; }
}
