namespace Tuner.Cli.Tests.Commands;

/// <summary><c>tuner generate</c>'s messages on stderr: a prompt with characters the training text lacked is warned
/// about (they read as the unknown character, silently before), and temperature 0, which always takes the most likely
/// character, names no seed (it used to offer "--seed N for the same text again", which changes nothing). A prompt's
/// trailing \r (a Windows line ending) is dropped.</summary>
public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-generate-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Unseen_prompt_characters_are_named_and_temperature_0_names_no_seed()
    {
        File.WriteAllText(Path.Combine(_dir, "text.txt"), string.Concat(Enumerable.Repeat("the cat sat on the mat. ", 40)));
        var spec = Path.Combine(_dir, "g.json");
        File.WriteAllText(spec, """
            {"name": "g", "task": "generate", "data": {"kind": "text", "path": "text.txt"}, "window": 6,
             "searchSpace": {"units": {"type": "fixed", "value": 8}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
            """);
        var outDir = Path.Combine(_dir, "out");
        var (code, _, error) = await CliRunner.RunAsync("run", spec, "--workers", "1", "--db", Path.Combine(_dir, "g.db"), "--out", outDir);
        Assert.True(code == 0, error);

        (code, var output, error) = await CliRunner.RunAsync("generate", outDir, "--prompt", "Zut! the", "--length", "5", "--temperature", "0");
        Assert.True(code == 0, error);
        Assert.StartsWith("Zut! the", output);
        Assert.Equal("warning: --prompt: the model never saw 'Z' 'u' '!' in training; they read as an unknown character", error.Trim());

        // A prompt with a Windows line ending ("$(cat prompt.txt)" keeps the \r) is the prompt without it: the \r was echoed
        // (the cursor went back over the prompt) and read as a line break, so the text continued another prompt.
        var (plainCode, plain, _) = await CliRunner.RunAsync("generate", outDir, "--prompt", "the", "--length", "5", "--temperature", "0");
        (code, output, error) = await CliRunner.RunAsync("generate", outDir, "--prompt", "the\r", "--length", "5", "--temperature", "0");
        Assert.True((plainCode, code) == (0, 0), error);
        Assert.Equal(plain, output);
        Assert.DoesNotContain('\r', output);

        (code, _, error) = await CliRunner.RunAsync("generate", outDir, "--prompt", "the", "--length", "5");
        Assert.True(code == 0, error);
        Assert.Matches(@"^seed \d+ \(give --seed \d+ for the same text again\)$", error.Trim());
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("0,5")]
    public async Task A_decimal_comma_in_the_temperature_is_refused_not_read_as_a_thousands_separator(string value)
    {
        // "1,5" was 15 (and "0,5" 5): a near-uniform sample, with no word said.
        var (code, _, error) = await CliRunner.RunAsync("generate", Path.Combine(_dir, "no-model"), "--prompt", "the", "--temperature", value);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith($"--temperature: must be a number, e.g. 0.5 (got '{value}')", error.Trim());
    }
}
