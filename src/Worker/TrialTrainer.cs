using System.Diagnostics;
using Tuner.Contracts.Search;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Engine.Data;
using Tuner.Engine.Training;
using Tuner.Training;

namespace Tuner.Worker;

/// <summary>Trains one attempt with the engine: creates the model from the plan (or restores the resume
/// checkpoint), trains until <see cref="TrialPlan.ToEpoch"/> on one thread (deterministic), and keeps the
/// checkpoint of the last completed epoch in memory so a hand-back can store exactly that state.
/// Never throws: every failure becomes a <see cref="AttemptOutcome.Failed"/> outcome with its reason.</summary>
public sealed class TrialTrainer
{
    private readonly TrialPlan _plan;
    private readonly PreparedData _data;
    private readonly byte[]? _resume;
    private EpochCheckpoint? _last;

    public TrialTrainer(TrialPlan plan, PreparedData data, byte[]? resumeCheckpoint = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        _plan = plan;
        _data = data;
        _resume = resumeCheckpoint;
        if (resumeCheckpoint is not null) _last = new EpochCheckpoint(plan.FromEpoch, resumeCheckpoint);
    }

    /// <summary>The state after the last completed epoch (the resume checkpoint until one completes);
    /// safe to read from any thread.</summary>
    public EpochCheckpoint? LastCheckpoint => Volatile.Read(ref _last);

    /// <summary>Trains the plan. <paramref name="onEpoch"/> runs on the training thread after each epoch,
    /// once that epoch's checkpoint is kept. Cancellation stops between batches.</summary>
    public TrialOutcome Run(Action<EpochMetrics, double>? onEpoch = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        TrainingSession? session = null;
        try
        {
            if (_plan.FromEpoch < 0 || _plan.ToEpoch < Math.Max(1, _plan.FromEpoch))
                return TrialOutcome.Failed($"cannot train epochs {_plan.FromEpoch + 1}..{_plan.ToEpoch}");
            session = _resume is null ? Create() : Restore(_resume, out var problem) ?? throw new TrialSetupException(problem!);
            var result = session.Train(_data, _plan.ToEpoch, record =>
            {
                // Saved before reporting, so whoever hears of epoch N can hand back exactly epoch N.
                Volatile.Write(ref _last, new EpochCheckpoint(record.Epoch, session.SaveCheckpoint()));
                onEpoch?.Invoke(EngineConfiguration.Metrics(record), record.Seconds);
            }, cancellation);
            var history = History(result.History);
            return result.Status switch
            {
                TrainingStatus.Completed => new TrialOutcome(AttemptOutcome.Completed, history, LastCheckpoint, null, clock.Elapsed.TotalSeconds),
                TrainingStatus.Diverged => new TrialOutcome(AttemptOutcome.Diverged, history, LastCheckpoint, result.Reason, clock.Elapsed.TotalSeconds),
                _ => new TrialOutcome(AttemptOutcome.Cancelled, history, LastCheckpoint, result.Reason, clock.Elapsed.TotalSeconds),
            };
        }
        catch (TrialSetupException e)
        {
            return TrialOutcome.Failed(e.Message, seconds: clock.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            // A bug or resource failure in the engine fails this trial, never the worker.
            var history = session is null ? ValueList<EpochMetrics>.Empty : History(session.History);
            return TrialOutcome.Failed($"training failed: {e.GetType().Name}: {e.Message}", history, LastCheckpoint, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            session?.Dispose();
        }
    }

    private TrialSetup Setup() => TrialSetup.For(_plan.Spec, _plan.Hyperparameters, _data.Features);

    private TrainingSession Create() => Setup().Create(_plan.Seed, threads: 1);

    /// <summary>The session in <paramref name="checkpoint"/>, checked against the plan: it must hold
    /// exactly <see cref="TrialPlan.FromEpoch"/> epochs of the model and optimizer the plan describes.</summary>
    private TrainingSession? Restore(byte[] checkpoint, out string? problem)
    {
        TrainingSession session;
        try
        {
            session = TrainingSession.Restore(checkpoint, threads: 1);
        }
        catch (InvalidDataException e)
        {
            problem = $"the resume checkpoint is unusable: {e.Message}";
            return null;
        }
        problem = Setup().Mismatch(session, _plan.FromEpoch);
        if (problem is null) return session;
        session.Dispose();
        return null;
    }

    private static ValueList<EpochMetrics> History(IReadOnlyList<EpochRecord> history) => [.. history.Select(EngineConfiguration.Metrics)];

    /// <summary>The attempt cannot start as assigned; its message says why.</summary>
    private sealed class TrialSetupException(string message) : Exception(message);
}
