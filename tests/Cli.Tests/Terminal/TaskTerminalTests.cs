using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tuner.Cli.Tests.Processes;
using Tuner.Cli.Tests.Support;

namespace Tuner.Cli.Tests.Terminal;

/// <summary>The classify and generate tasks as a user meets them in a terminal: <c>tuner run</c>'s live view and
/// final table show the accuracy objective, <c>tuner predict --data -</c> reads texts typed into the terminal until
/// Ctrl-D, and <c>tuner generate</c> without a seed names the seed that gives the same text again.</summary>
[Collection(ProcessTests.Name)]
public sealed class TaskTerminalTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-task-pty-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_classify_run_shows_val_accuracy_live_and_predict_labels_texts_typed_into_the_terminal()
    {
        var reviews = File.ReadAllText(Path.Combine(Repository.Root, "examples", "data", "fine-foods.csv"));
        File.WriteAllText(Path.Combine(_dir, "reviews.csv"), FirstRecords(reviews, 1500));
        File.WriteAllText(Path.Combine(_dir, "reviews.json"), """
            {
              "name": "pty-reviews", "seed": 2, "task": "classify",
              "data": { "kind": "csv", "path": "reviews.csv", "text": "review", "label": "score" },
              "tokenizer": { "vocabSize": 3000, "maxLength": 50 },
              "searchSpace": { "units": { "type": "choice", "values": [8, 16] }, "learning_rate": { "type": "float", "min": 3e-3, "max": 1e-2, "sampling": "log" } },
              "objective": "val_accuracy",
              "algorithm": { "type": "hyperband", "maxEpochs": 3, "factor": 3 }
            }
            """);
        using (var run = PseudoTerminal.StartTuner(["run", "reviews.json", "--workers", "2", "--db", "reviews.db", "--out", "out"], _dir))
        {
            Assert.True(await run.WaitForExitAsync(Timeout) == 0, run.Text);
            var text = run.Text;
            Assert.Matches(@"  t-\d{4} b\d r\d epoch \d+/\d+ val_accuracy (-|0\.\d+)", text);
            var best = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "out", "results.json")))!["best"]!;
            // The final line names the objective and its value (not the val_loss under another name).
            var shown = ((double)best["val_accuracy"]!).ToString("G6", CultureInfo.InvariantCulture);
            Assert.Contains($"best trial {(string?)best["trialId"]}: val_accuracy {shown} at epoch {(int)best["bestEpoch"]!} of {(int)best["epochs"]!}", text);
        }

        using var predict = PseudoTerminal.StartTuner(["predict", "out", "--data", "-"], _dir);
        await predict.WaitForAsync(t => t.Contains("reading --data from the terminal: ", StringComparison.Ordinal), Timeout, "the prompt for texts");
        predict.Type("The best coffee I have ever had, will buy again!\nstale, tasteless and overpriced\n");
        // Ctrl-D at the start of a line (end of input) until it ends, as the series case below: one typed while the runtime
        // takes the terminal over for its own line editing can go unseen (seen once in a full suite).
        for (int i = 0; i < 10 && !predict.HasExited; i++)
        {
            predict.Type("\u0004");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        Assert.True(await predict.WaitForExitAsync(Timeout) == 0, predict.Text);
        var output = predict.Text;
        // It says what it waits for (it waited in silence): texts, one per line (it offered "or CSV rows", which it reads as texts).
        Assert.Contains("reading --data from the terminal: one text per line, then Ctrl-D", output);
        Assert.Contains("index,label,p_great,p_other", output);
        Assert.Matches(new Regex(@"^0,(great|other),[0-9.eE-]+,[0-9.eE-]+\r?$", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^1,(great|other),[0-9.eE-]+,[0-9.eE-]+\r?$", RegexOptions.Multiline), output);

        // Ctrl-C while it waits for texts ends it at once (it waited out the 90 s grace: the read cannot be cancelled).
        using var waiting = PseudoTerminal.StartTuner(["predict", "out", "--data", "-"], _dir);
        await Task.Delay(3000);
        var interrupted = System.Diagnostics.Stopwatch.StartNew();
        waiting.Type("\u0003");
        Assert.True(await waiting.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 130, waiting.Text);
        Assert.True(interrupted.Elapsed < TimeSpan.FromSeconds(15), $"{interrupted.Elapsed.TotalSeconds:F0} s to end after Ctrl-C\n{waiting.Text}");
    }

    [Fact]
    public async Task Generate_without_a_seed_names_the_seed_that_gives_the_same_text_again()
    {
        var novel = File.ReadAllText(Path.Combine(Repository.Root, "examples", "data", "pride-and-prejudice.txt"))[..4000];
        File.WriteAllText(Path.Combine(_dir, "austen.txt"), novel);
        File.WriteAllText(Path.Combine(_dir, "austen.json"), """
            {
              "name": "pty-austen", "seed": 1, "task": "generate",
              "data": { "kind": "text", "path": "austen.txt" }, "window": 12,
              "searchSpace": { "units": { "type": "fixed", "value": 16 }, "learning_rate": { "type": "fixed", "value": 0.01 } },
              "algorithm": { "type": "random", "maxTrials": 1, "epochs": 1 }
            }
            """);
        using (var run = PseudoTerminal.StartTuner(["run", "austen.json", "--workers", "1", "--db", "austen.db", "--out", "out"], _dir))
            Assert.True(await run.WaitForExitAsync(Timeout) == 0, run.Text);

        string first;
        long seed;
        using (var generate = PseudoTerminal.StartTuner(["generate", "out", "--prompt", "It is a truth", "--length", "60"], _dir))
        {
            Assert.True(await generate.WaitForExitAsync(Timeout) == 0, generate.Text);
            first = generate.Text;
            var named = Regex.Match(first, @"seed (\d+) \(give --seed \1 for the same text again\)");
            Assert.True(named.Success, first);
            seed = long.Parse(named.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        using var again = PseudoTerminal.StartTuner(["generate", "out", "--prompt", "It is a truth", "--length", "60", "--seed", seed.ToString(CultureInfo.InvariantCulture)], _dir);
        Assert.True(await again.WaitForExitAsync(Timeout) == 0, again.Text);
        // The terminal shows line breaks as \r\n; the text is the prompt and 60 characters (which may be line breaks, the
        // last one too: only the line break the command ends with is taken off).
        var text = again.Text.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.EndsWith("\n", text);
        text = text[..^1];
        Assert.StartsWith("It is a truth", text);
        Assert.Equal("It is a truth".Length + 60, text.Length);
        Assert.Contains(text, first.Replace("\r\n", "\n", StringComparison.Ordinal));

        // A long generation shows its text as it goes, and stops at Ctrl-C keeping it (it ran to its end and exited 0; then
        // it printed nothing until the end, so an interrupt threw all of it away).
        using var endless = PseudoTerminal.StartTuner(["generate", "out", "--prompt", "It is", "--length", "1000000", "--seed", "1"], _dir);
        var shown = System.Diagnostics.Stopwatch.StartNew();
        while (!Regex.IsMatch(endless.Text, @"It is[^\x1b]{40}") && shown.Elapsed < Timeout) await Task.Delay(100);
        Assert.True(shown.Elapsed < Timeout, $"no text shown while generating\n{endless.Text}");
        var interrupted = System.Diagnostics.Stopwatch.StartNew();
        endless.Type("\u0003");
        Assert.True(await endless.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 130, endless.Text);
        Assert.True(interrupted.Elapsed < TimeSpan.FromSeconds(15), $"{interrupted.Elapsed.TotalSeconds:F0} s to end after Ctrl-C\n{endless.Text}");
        Assert.Contains("interrupted", endless.Text);
    }

    [Fact]
    public async Task Predict_with_a_forecast_model_asks_the_terminal_for_csv_rows_with_its_feature_columns()
    {
        File.WriteAllText(Path.Combine(_dir, "sine.json"), """
            {
              "name": "pty-sine", "seed": 1, "data": { "kind": "sine", "length": 200, "noise": 0.1 }, "window": 3,
              "searchSpace": { "units": { "type": "fixed", "value": 4 } },
              "algorithm": { "type": "random", "maxTrials": 1, "epochs": 1 }
            }
            """);
        var (code, _, error) = await Commands.CliRunner.RunAsync("run", Path.Combine(_dir, "sine.json"), "--workers", "1",
            "--db", Path.Combine(_dir, "sine.db"), "--out", Path.Combine(_dir, "out"));
        Assert.True(code == 0, error);

        using var predict = PseudoTerminal.StartTuner(["predict", "out", "--data", "-"], _dir);
        // Typed once it reads: keys typed while the runtime set the terminal up were lost, and it waited for ever.
        await predict.WaitForAsync(t => t.Contains("reading --data from the terminal: ", StringComparison.Ordinal), Timeout, "the prompt for rows");
        predict.Type("sine\n0.1\n0.5\n0.9\n");
        // Ctrl-D until it ends, as a user presses it again: one typed while the runtime takes the terminal over for its
        // own line editing can go unseen.
        for (int i = 0; i < 10 && !predict.HasExited; i++)
        {
            predict.Type("\u0004");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        Assert.True(await predict.WaitForExitAsync(Timeout) == 0, predict.Text);
        // A series is CSV rows under a header naming the model's columns (it asked for "one text per line" first).
        Assert.Contains("reading --data from the terminal: CSV rows, the first a header naming sine, then Ctrl-D", predict.Text);
        Assert.Matches(new Regex(@"^3,[0-9.eE-]+\r?$", RegexOptions.Multiline), predict.Text);
    }

    /// <summary>The header and the first <paramref name="count"/> records of a CSV whose quoted fields may hold line breaks.</summary>
    private static string FirstRecords(string text, int count)
    {
        int records = -1;
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '"') quoted = !quoted;
            else if (text[i] == '\n' && !quoted && ++records == count) return text[..(i + 1)];
        }
        return text;
    }
}
