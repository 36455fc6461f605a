using Akka.Actor;
using Akka.TestKit;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Contracts.Protocol.WorkProtocol;

namespace Tuner.Coordinator.Tests.Jobs;

/// <summary>A worker played by a test probe: asks the manager for work, streams epochs of the fake curve, finishes attempts.</summary>
internal sealed class FakeWorker
{
    private readonly JobHarness _harness;

    public FakeWorker(JobHarness harness, string id)
    {
        _harness = harness;
        Id = id;
        Probe = harness.Kit.CreateTestProbe(id);
    }

    public string Id { get; }
    public TestProbe Probe { get; }

    private IActorRef Manager => _harness.Manager;

    private readonly Queue<TrialAssignment> _assigned = new();
    private readonly Dictionary<int, int> _received = [];   // assignments read per slot, as a worker counts them

    /// <summary>Asks for work for <paramref name="slots"/> (slot 0 when none given).</summary>
    public void Request(params int[] slots) =>
        Manager.Tell(new RequestWork(Id, (slots.Length == 0 ? [0] : slots).Select(s => new SlotRequest(s, _received.GetValueOrDefault(s))).ToValueList()), Probe.Ref);

    /// <summary>Asks for work and expects an assignment.</summary>
    public TrialAssignment Take(int slot = 0)
    {
        Request(slot);
        return ExpectAssignment();
    }

    /// <summary>The next assignment: from the batch already received, else from the next <see cref="TrialAssignments"/>.</summary>
    public TrialAssignment ExpectAssignment()
    {
        if (_assigned.Count == 0)
            foreach (var a in Probe.ExpectMsg<TrialAssignments>(JobHarness.Timeout).Assignments)
            {
                _assigned.Enqueue(a);
                _received[a.Slot] = _received.GetValueOrDefault(a.Slot) + 1;
            }
        return _assigned.Dequeue();
    }

    /// <summary>Expects the acknowledgement of <paramref name="attemptId"/>'s result.</summary>
    public AttemptsFinishedAck ExpectAck(string attemptId) =>
        Probe.ExpectMsg<AttemptsFinishedAck>(ack => ack.AttemptIds.Contains(attemptId), JobHarness.Timeout);

    /// <summary>Reports epochs <c>FromEpoch + 1 … upTo</c> of the fake curve.</summary>
    public void Epochs(TrialAssignment a, int upTo, double seconds = 0.5)
    {
        for (var e = a.FromEpoch + 1; e <= upTo; e++)
            Manager.Tell(new EpochDone(a.JobId, a.AttemptId, a.WorkId, TestJobs.Epoch(a.TrialId, e), seconds), Probe.Ref);
    }

    /// <summary>Sends the attempt's end (history: every epoch of the trial up to <paramref name="lastEpoch"/>) and expects the ack.</summary>
    public void Finish(TrialAssignment a, AttemptOutcome outcome = AttemptOutcome.Completed, int? lastEpoch = null, double seconds = 1.5, string? error = null)
    {
        Tell(FinishedMessage(a, outcome, lastEpoch, seconds, error));
        ExpectAck(a.AttemptId);
    }

    public static AttemptFinished FinishedMessage(TrialAssignment a, AttemptOutcome outcome = AttemptOutcome.Completed, int? lastEpoch = null, double seconds = 1.5, string? error = null)
    {
        var history = Enumerable.Range(1, lastEpoch ?? a.ToEpoch).Select(e => TestJobs.Epoch(a.TrialId, e)).ToValueList();
        return new AttemptFinished(a.JobId, a.AttemptId, a.WorkId, outcome, history, error, outcome == AttemptOutcome.Failed ? null : a.CheckpointId, seconds);
    }

    /// <summary>Trains the whole assignment: every epoch, then the end.</summary>
    public void Run(TrialAssignment a)
    {
        Epochs(a, a.ToEpoch);
        Finish(a);
    }

    /// <summary>Takes and runs work until <paramref name="count"/> assignments were done; returns them in order.</summary>
    public List<TrialAssignment> RunMany(int count)
    {
        var done = new List<TrialAssignment>();
        for (var i = 0; i < count; i++)
        {
            var a = Take();
            Run(a);
            done.Add(a);
        }
        return done;
    }

    /// <summary>Sends <paramref name="message"/> as this worker; a result goes in a batch of one, as a worker sends it.</summary>
    public void Tell(object message) =>
        Manager.Tell(message is AttemptFinished finished ? new AttemptsFinished(Id, [finished]) : message, Probe.Ref);
}
