using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Security.Cryptography;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner generate MODEL --prompt TEXT [--length 200] [--temperature 1.0] [--seed S]</c> (PRODUCT.md §8): a
/// generate job's best model continues the prompt character by character, sampling with the temperature (0: always the
/// most likely character). Prints the prompt and its continuation. The same seed gives the same text; without one, a
/// random seed is used and named on stderr.</summary>
public static class GenerateCommand
{
    public const int MaxLength = 1_000_000;

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "A tuner run output folder (tuner-out/JOB), or its best-model.json or best-model.ckpt, of a generate job." }
            .NotEmpty("a tuner run output folder (tuner-out/JOB)");
        var prompt = new Option<string>("--prompt") { Description = "The text to continue.", Required = true };
        var length = new BoundedIntegerOption("--length", 1, MaxLength, "Characters to generate (default 200).") { DefaultValueFactory = _ => 200 };
        var temperature = new Option<double>("--temperature")
        {
            Description = "Below 1 plays safe, above 1 takes risks; 0 always takes the most likely character (default 1.0).",
            DefaultValueFactory = _ => 1.0,
            CustomParser = InvariantNumber.Parse,
        };
        var seed = new Option<long?>("--seed") { Description = "Seed of the sampling: the same seed gives the same text (default: random, printed on stderr)." };
        var command = new Command("generate", "Continue a text with the best model of a generate job.") { model, prompt, length, temperature, seed };
        command.SetAction((parse, cancellation) => TunerCli.Guard(() => RunAsync(
            parse.GetValue(model)!, parse.GetValue(prompt)!, parse.GetValue(length), parse.GetValue(temperature), parse.GetValue(seed), cancellation)));
        return command;
    }

    private static async Task<int> RunAsync(string modelPath, string prompt, int length, double temperature, long? seed, CancellationToken cancellation)
    {
        // A prompt from a file or a line with Windows line endings ("$(cat prompt.txt)" drops the \n, not the \r) ends in
        // \r: echoed, it sent the cursor back over the prompt, and the model read it as a line break.
        prompt = prompt.TrimEnd('\r');
        var problems = new List<string>();
        if (prompt.Length == 0) problems.Add("--prompt: must not be empty; give the text to continue");
        if (!double.IsFinite(temperature) || temperature < 0) problems.Add($"--temperature: must be a number >= 0 (got {temperature})");
        if (problems.Count > 0) throw new InvalidInputException(problems);
        using var model = ModelArgument.Load(modelPath);
        if (model.Task != TaskKind.Generate)
            throw new InvalidInputException($"MODEL: {modelPath} is a {model.Task.Word()} model; tuner generate needs a generate job's model (use tuner predict)");
        // Characters the training text lacked read as "unknown": say so, the continuation of such a prompt is a guess.
        if (model.Preprocessing.Characters!.Unknown(prompt) is { Count: > 0 } unknown)
            await Console.Error.WriteLineAsync($"warning: --prompt: the model never saw {string.Join(" ", unknown.Take(20).Select(c => $"'{c}'"))}{(unknown.Count > 20 ? " …" : "")} in training; {(unknown.Count == 1 ? "it reads" : "they read")} as an unknown character");
        var used = seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        // Temperature 0 always takes the most likely character: no seed to name.
        if (seed is null && temperature > 0) await Console.Error.WriteLineAsync($"seed {used} (give --seed {used} for the same text again)");
        // Shown as it is drawn (a long generation takes minutes), in pieces of at most a tenth of a second: what was drawn
        // before a Ctrl-C stays on stdout.
        await Console.Out.WriteAsync(prompt);
        var pending = new StringBuilder();
        try
        {
            await Task.Run(() =>
            {
                var shown = Stopwatch.StartNew();
                foreach (var character in model.GenerateCharacters(prompt, length, temperature, unchecked((ulong)used), cancellation))
                {
                    pending.Append(character);
                    if (shown.ElapsedMilliseconds < 100) continue;
                    Console.Out.Write(pending);
                    Console.Out.Flush();
                    pending.Clear();
                    shown.Restart();
                }
            }, CancellationToken.None);
        }
        finally
        {
            await Console.Out.WriteLineAsync(pending);
        }
        return ExitCodes.Success;
    }
}
