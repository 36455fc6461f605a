using Akka.Actor;
using Tuner.Cli.Commands;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Api;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Cli.Tests.Run;

/// <summary><c>tuner run</c>'s look-up of a finished job whose data file is gone waits for the journal's replay however
/// long it takes, where a fixed ask timeout ended the run with exit 1 on a large journal.</summary>
public sealed class FinishedJobTests
{
    private const string Spec = """
        {
          "name": "replayed",
          "data": { "kind": "csv", "path": "gone.csv", "target": "value" },
          "window": 5,
          "searchSpace": { "units": { "type": "int", "min": 4, "max": 12, "step": 4 } },
          "algorithm": { "type": "hyperband", "maxEpochs": 4, "factor": 2 }
        }
        """;

    /// <summary>A job manager whose job replays the journal for <paramref name="replay"/>: meanwhile it answers GetJob
    /// "recovering" at once, and the job itself (GetBestModel) answers only once the replay is done, as Akka stashes.</summary>
    private sealed class ReplayingManager : ReceiveActor
    {
        public ReplayingManager(TimeSpan replay)
        {
            var done = DateTimeOffset.UtcNow + replay;
            Receive<GetJob>(m => Sender.Tell(new JobSummary(m.JobId, m.JobId,
                DateTimeOffset.UtcNow < done ? JobStatuses.Recovering : JobStatuses.Completed,
                "hyperband", "val_loss", 0, 0, 0, null, null, null, [], DateTimeOffset.UtcNow, null)));
            Receive<GetBestModel>(m =>
            {
                var answer = new BestModelSource(m.JobId, JobStatuses.Completed, Spec, "data-blob", "t-0001", "checkpoint");
                var wait = done - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero) Context.System.Scheduler.ScheduleTellOnce(wait, Sender, answer, Self);
                else Sender.Tell(answer);
            });
        }
    }

    [Fact]
    public async Task A_replay_longer_than_the_ask_timeout_is_waited_for()
    {
        using var system = ActorSystem.Create("finished-job-test");
        var manager = system.ActorOf(Props.Create(() => new ReplayingManager(TimeSpan.FromSeconds(3))));
        // An ask timeout of 1 s stands for the 30 s one, a replay of 3 s for a journal that takes minutes (each poll's answer
        // comes at once, well within the second on a loaded machine).
        var client = new JobManagerClient(manager, TimeSpan.FromSeconds(1));

        Assert.True(await FinishedJob.WithoutDataAsync(client, JobSpecParser.Parse(Spec), CancellationToken.None));
    }
}
