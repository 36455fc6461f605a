using System.Diagnostics;
using Tuner.Contracts.Search;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Engine.Training;
using Tuner.Training;

namespace Tuner.Worker;

/// <summary>Trains one attempt with the engine: creates the model from the plan (or restores the resume
/// checkpoint), trains until <see cref="TrialPlan.ToEpoch"/> on one thread (deterministic), and keeps the
/// checkpoint of the last completed epoch in memory so a hand-back can store exactly that state.
/// Never throws: every failure becomes a <see cref="AttemptOutcome.Failed"/> outcome with its reason.</summary>
/// <remarks>It also keeps the state of its best epoch (by the job's objective, in its direction) while that epoch beats
/// every earlier one of the trial, resumed epochs included: the trial's best model may be that state (PRODUCT.md §8).
/// It is that epoch's last-state checkpoint (the same bytes, not a copy), so it costs memory only while a later epoch
/// is the latest; an attempt none of whose epochs beats the trial's earlier ones keeps none. A promoted trial still
/// resumes from its last state: this one only travels with the result.</remarks>
public sealed class TrialTrainer
{
    private readonly TrialPlan _plan;
    private readonly TaskData _data;
    private readonly byte[]? _resume;
    private EpochCheckpoint? _last;
    private EpochCheckpoint? _best;

    public TrialTrainer(TrialPlan plan, TaskData data, byte[]? resumeCheckpoint = null)
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
            var objective = _plan.Spec.Objective;
            var incumbent = TrialSetup.Best(session.History, objective)?.Value(objective);
            var result = session.Train(_data.Train, _data.Validation, _plan.ToEpoch, record =>
            {
                // Saved before reporting, so whoever hears of epoch N can hand back exactly epoch N.
                var state = new EpochCheckpoint(record.Epoch, session.SaveCheckpoint());
                Volatile.Write(ref _last, state);
                if (EngineConfiguration.Metrics(record).Value(objective) is { } value && double.IsFinite(value)
                    && (incumbent is null || objective.IsBetter(value, incumbent.Value)))
                {
                    incumbent = value;
                    _best = state;
                }
                onEpoch?.Invoke(EngineConfiguration.Metrics(record), record.Seconds);
            }, cancellation);
            var history = History(result.History);
            return result.Status switch
            {
                TrainingStatus.Completed => new TrialOutcome(AttemptOutcome.Completed, history, LastCheckpoint, null, clock.Elapsed.TotalSeconds)
                {
                    // The last epoch's state is the final checkpoint already.
                    BestCheckpoint = _best is { } best && best.Epoch != result.EpochsCompleted ? best : null,
                },
                TrainingStatus.Diverged => new TrialOutcome(AttemptOutcome.Diverged, history, LastCheckpoint, result.Reason, clock.Elapsed.TotalSeconds),
                // Cancelled, no final checkpoint is stored: the best epoch's state is kept even when it is the last one.
                _ => new TrialOutcome(AttemptOutcome.Cancelled, history, LastCheckpoint, result.Reason, clock.Elapsed.TotalSeconds) { BestCheckpoint = _best },
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
            var error = e is OutOfMemoryException ? MemoryLimit.OutOfMemory("training this configuration") : $"training failed: {e.GetType().Name}: {e.Message}";
            return TrialOutcome.Failed(error, history, LastCheckpoint, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            session?.Dispose();
        }
    }

    private TrialSetup Setup() => TrialSetup.For(_plan.Spec, _plan.Hyperparameters, _data.Shape);

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
