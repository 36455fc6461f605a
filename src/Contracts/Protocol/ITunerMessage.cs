namespace Tuner.Contracts.Protocol;

/// <summary>Marks every message that crosses nodes or is persisted; bound to Tuner's System.Text.Json serializer.</summary>
public interface ITunerMessage;

/// <summary>A message for one job's actor; the JobManager routes it by <see cref="JobId"/>.</summary>
public interface IWithJobId
{
    string JobId { get; }
}
