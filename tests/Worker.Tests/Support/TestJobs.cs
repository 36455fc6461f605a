using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;
using Tuner.Engine.Training;

namespace Tuner.Worker.Tests.Support;

/// <summary>Tiny jobs (units 4–8, short series) and assignments for them, so trainings take milliseconds.</summary>
internal static class TestJobs
{
    public const string WorkerId = "test-worker";

    /// <summary>A sine job's canonical spec JSON.</summary>
    public static string SineSpec(int length = 160, string name = "sine-job", long seed = 7) => Spec(name, seed,
        new JsonObject { ["kind"] = "sine", ["length"] = length, ["noise"] = 0.1 });

    /// <summary>A csv job's spec as the coordinator sends it: without its CSV text.</summary>
    public static string CsvSpec(string name = "csv-job") => Spec(name, 3,
        new JsonObject { ["kind"] = "csv", ["target"] = "y", ["features"] = new JsonArray("x", "y") });

    /// <summary>A two-column CSV (x, y) of <paramref name="rows"/> rows.</summary>
    public static string CsvText(int rows = 150)
    {
        var text = new StringBuilder("x,y\n");
        for (int i = 0; i < rows; i++)
            text.Append(FormattableString.Invariant($"{Math.Cos(i * 0.2):F4},{Math.Sin(i * 0.2):F4}\n"));
        return text.ToString();
    }

    public static string DatasetId(byte[] csv) => BlobProtocol.Ids.Dataset(Convert.ToHexStringLower(SHA256.HashData(csv)));

    public static Hyperparameters Configuration(int units = 6, double learningRate = 0.01) => new(
    [
        new("units", HyperparameterValue.Int(units)),
        new("learning_rate", HyperparameterValue.Float(learningRate)),
    ]);

    public static JobSpec ParsedSine(int length = 160) => JobSpecParser.Parse(SineSpec(length));

    public static WorkProtocol.TrialAssignment Assignment(
        string attemptId = "t-0001.r0.x0#1",
        int slot = 0,
        int fromEpoch = 0,
        int toEpoch = 3,
        string? resume = null,
        string? checkpointId = null,
        string? specJson = null,
        string? dataBlob = null,
        Hyperparameters? configuration = null,
        string jobId = "job-1",
        string workerId = WorkerId,
        long seed = 11)
    {
        var workId = attemptId.Split('#')[0];
        return new WorkProtocol.TrialAssignment(jobId, attemptId, workerId, slot, workId, workId.Split('.')[0],
            configuration ?? Configuration(), seed, fromEpoch, toEpoch, resume,
            checkpointId ?? BlobProtocol.Ids.Checkpoint(jobId, workId), specJson ?? SineSpec(), dataBlob);
    }

    /// <summary>What a checkpoint holds that must match for "bit-identical": weights, optimizer state and history.</summary>
    public static (int Epochs, float[] Weights, float[][] OptimizerState, (int, double, double?)[] History) Contents(byte[] checkpoint)
    {
        using var session = TrainingSession.Restore(checkpoint);
        return (session.EpochsCompleted, session.Model.Parameters.Values.ToArray(), [.. session.Optimizer.State.Select(s => s.ToArray())],
            [.. session.History.Select(e => (e.Epoch, e.Loss, e.ValLoss))]);
    }

    private static string Spec(string name, long seed, JsonObject data) => new JsonObject
    {
        ["name"] = name,
        ["seed"] = seed,
        ["data"] = data,
        ["window"] = 8,
        ["validationSplit"] = 0.2,
        ["batchSize"] = 16,
        ["model"] = new JsonObject { ["cell"] = "lstm", ["layers"] = 1, ["activation"] = "tanh" },
        ["searchSpace"] = new JsonObject
        {
            ["units"] = new JsonObject { ["type"] = "int", ["min"] = 4, ["max"] = 8 },
            ["learning_rate"] = new JsonObject { ["type"] = "float", ["min"] = 1e-3, ["max"] = 1e-1, ["sampling"] = "log" },
        },
        ["objective"] = "val_loss",
        ["algorithm"] = new JsonObject { ["type"] = "random", ["maxTrials"] = 4, ["epochs"] = 4 },
    }.ToJsonString();
}
