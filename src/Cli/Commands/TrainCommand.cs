using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Serilog;
using Tuner.Cli.Output;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Engine.Training;
using Tuner.Training;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner train JOB.json|- [--set NAME=VALUE …] [--epochs E]</c>: trains one configuration
/// (each hyperparameter: its --set value, else its default, else its min / first choice) and prints
/// the per-epoch history. No search, no database.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var file = JobSpecSource.Argument();
        var set = new Option<string[]>("--set") { Description = "Fix a hyperparameter, e.g. --set units=128 (repeatable).", AllowMultipleArgumentsPerToken = false };
        // As a job spec's epochs.
        var epochs = new BoundedIntegerOption("--epochs", 1, SpecLimits.MaxEpochs, "Epochs to train (default: the spec's epochs, else the algorithm's epochs or maxEpochs).");
        var threads = new BoundedIntegerOption("--threads", 1, 256, "Threads for the engine (1 is deterministic and usually fastest per core).") { DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON document." };
        var trial = new Option<string?>("--trial")
        {
            Description = "Train with the seed tuner run gave this trial (e.g. t-0007, its first execution): with the trial's hyperparameters as --set, the same history as in results.json. Default: the job's seed.",
        };
        trial.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } id && !Coordinator.Search.TrialIds.IsTrial(id))
                result.AddError($"--trial: '{EchoedText.Of(id)}' is not a trial id; give one as results.json names it, e.g. t-0007");
        });
        var command = new Command("train", "Train one configuration of a job spec and print its per-epoch history.") { file, set, epochs, threads, json, trial };
        command.SetAction((parse, cancellation) => TunerCli.Guard(() => RunAsync(
            parse.GetValue(file)!, parse.GetValue(set) ?? [], epochs.GivenIn(parse), parse.GetValue(threads), parse.GetValue(json), parse.GetValue(trial), cancellation)));
        return command;
    }

    private static async Task<int> RunAsync(string argument, string[] assignments, int? epochsOption, int threads, bool json, string? trialId, CancellationToken cancellation)
    {
        var (_, spec, _, baseDirectory) = await JobSpecSource.ReadAsync(argument, cancellation);
        var hyperparameters = HyperparameterOverrides.Apply(spec, assignments);
        int epochs = epochsOption ?? spec.Epochs ?? spec.Algorithm.MaxEpochsPerTrial;
        var data = JobData.Prepare(spec, baseDirectory);
        var settings = TrainingSettings.Resolve(spec, hyperparameters);
        // No batch is larger than the set it is taken from: the training or the validation samples.
        var largestBatch = Math.Max(data.Train.Count, data.Validation?.Count ?? 0);
        if ((ModelSize.Problem(settings, data.Shape.Sizes) ?? ModelSize.StepProblem(spec, settings, data.Shape.Sizes, largestBatch)) is { } tooLarge)
            throw new InvalidInputException($"--set: {tooLarge}");

        // The counts in words for the message, the numbers as properties of their own for JSON logs.
        Log.ForContext("Epochs", epochs).ForContext("Train", data.Train.Count).ForContext("Validation", data.Validation?.Count ?? 0)
            .Information("Training {Job}: {Hyperparameters}, {EpochCount}, {TrainCount} and {ValidationCount}", spec.Name, hyperparameters.ToString(),
                Quantity.Of(epochs, "epoch"), Quantity.Of(data.Train.Count, "training sample"), Quantity.Of(data.Validation?.Count ?? 0, "validation sample"));
        var accuracy = spec.HasAccuracy;
        if (!json) await Console.Out.WriteLineAsync($"{"epoch",6}  {"loss",10}  {"val_loss",10}  {(accuracy ? $"{"accuracy",10}  {"val_accuracy",12}  " : "")}{"seconds",8}");
        // A search trains each trial from a seed of its own; the job's seed when no trial is named.
        var seed = trialId is null ? spec.Seed : Coordinator.Search.TrialIds.TrainingSeed(spec.Seed, trialId, 0);
        using var session = TrialSetup.For(spec, hyperparameters, data.Shape).Create(seed, threads);
        var result = await Task.Run(() => session.Train(data.Train, data.Validation, epochs, e =>
        {
            if (!json) Console.Out.WriteLine(Format(e, epochs, accuracy));
        }, cancellation), CancellationToken.None);

        if (result.Status == TrainingStatus.Cancelled)
        {
            // No journal, no checkpoint: what was trained is the history printed above, and a rerun starts over.
            await Console.Error.WriteLineAsync($"interrupted after {result.EpochsCompleted} of {epochs} epochs; tuner train keeps nothing, so running it again starts over (tuner run resumes)");
            return ExitCodes.Interrupted;
        }
        var best = TrialSetup.Best(result.History, spec.Objective);
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                job = spec.Name,
                status = result.Status == TrainingStatus.Completed ? "completed" : "diverged",
                hyperparameters,
                epochs = result.EpochsCompleted,
                history = result.History.Select(e => accuracy
                    ? (object)new { epoch = e.Epoch, loss = e.Loss, val_loss = e.ValLoss, accuracy = e.Accuracy, val_accuracy = e.ValAccuracy, seconds = Math.Round(e.Seconds, 3) }
                    : new { epoch = e.Epoch, loss = e.Loss, val_loss = e.ValLoss, seconds = Math.Round(e.Seconds, 3) }),
                error = result.Reason,
            }));
        }
        else if (best is not null)
        {
            // The objective's best epoch, as the search would rank this configuration.
            var value = best.Value(spec.Objective)!.Value;
            var note = spec.Task == TaskKind.Forecast
                ? ForecastLossNote(spec, TrainingSettings.Resolve(spec, hyperparameters).L2, value, data.Scaler?.TargetStd ?? 1)
                : spec.Objective.IsAccuracy() || best.ValAccuracy is not { } valAccuracy ? "" : $" (val_accuracy {Significant.Of(valAccuracy, 4)})";
            await Console.Out.WriteLineAsync($"best {spec.Objective.Word()} {Significant.Of(value, 4)} at epoch {best.Epoch.ToString(CultureInfo.InvariantCulture)}{note}");
        }
        if (result.Status == TrainingStatus.Diverged)
        {
            await Console.Error.WriteLineAsync($"diverged: {result.Reason}");
            return ExitCodes.RuntimeFailure;
        }
        return ExitCodes.Success;
    }

    /// <summary>What a forecast's loss (an MSE) is in: standardized units or, with normalize none, the target's own; the
    /// RMSE in the target's units only without l2, since the loss then includes the penalty (as Keras reports it) and
    /// its square root is no error of the forecasts.</summary>
    private static string ForecastLossNote(JobSpec spec, double l2, double loss, double targetStd)
    {
        var standardized = spec.Normalize == Normalization.Standard;
        var units = standardized ? "standardized units" : "the target's units";
        if (l2 > 0) return $" ({units}, including the l2 penalty, so no RMSE)";
        var rmse = Significant.Of(Math.Sqrt(loss) * (standardized ? targetStd : 1), 4);
        return standardized ? $" ({units}; RMSE {rmse} in the target's units)" : $" ({units}; RMSE {rmse})";
    }

    private static string Format(EpochRecord e, int total, bool accuracy) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Epoch + "/" + total,6}  {e.Loss,10:F6}  {Value(e.ValLoss),10}  {(accuracy ? $"{Value(e.Accuracy),10}  {Value(e.ValAccuracy),12}  " : "")}{e.Seconds,8:F2}");

    private static string Value(double? v) => v is { } x ? x.ToString("F6", CultureInfo.InvariantCulture) : "-";

}
