using Tuner.Cli.Tests.Processes;

namespace Tuner.Cli.Tests;

public sealed class ExitCodeTests
{
    [Fact]
    public async Task Unknown_command_is_invalid_input_with_exit_code_2()
    {
        var code = await TunerCli.RunAsync(["no-such-command"]);
        Assert.Equal(ExitCodes.InvalidInput, code);
    }

    public static TheoryData<string> CommandNames => [.. TunerCli.BuildRoot().Subcommands.Where(c => !c.Hidden).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Every_commands_help_shows_even_without_its_required_arguments(string command)
    {
        // tuner run --help said "Required argument 'JOB.json' missing" and exited 2.
        var (code, output, error) = await Tuner.Cli.Tests.Commands.CliRunner.RunAsync(command, "--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Usage:", output);
        Assert.Contains($" {command} ", output); // the usage line (its program name is the test host's here)
        Assert.Equal("", error);
    }

    [Fact]
    public async Task The_command_list_shows_that_every_spec_argument_takes_standard_input()
    {
        // tuner --help listed "run <JOB.json>": only each command's own help said that - reads the spec from standard input.
        var (code, output, _) = await Tuner.Cli.Tests.Commands.CliRunner.RunAsync("--help");
        Assert.Equal(ExitCodes.Success, code);
        foreach (var command in new[] { "train", "validate", "simulate", "run", "submit" })
            Assert.Matches($@"\n  {command} <JOB\.json\|->\s", output);
        Assert.Matches(@"\n  plan <JOB\.json\|->\s", output);
    }

    [Fact]
    public async Task Unknown_log_format_is_invalid_input()
    {
        var code = await TunerCli.RunAsync(["info", "--log-format", "xml"]);
        Assert.Equal(ExitCodes.InvalidInput, code);
    }

    [Fact]
    public async Task Unknown_log_format_in_the_environment_is_invalid_input_naming_the_variable()
    {
        // A process of its own: the variable must not leak into the other tests of this process.
        using var tuner = new TunerProcess("log-format-env", ["info"], new Dictionary<string, string> { ["TUNER_LOG_FORMAT"] = "xml" });
        Assert.Equal(ExitCodes.InvalidInput, await tuner.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("TUNER_LOG_FORMAT: must be text or json, not 'xml'", tuner.Stderr);
    }

    [Theory]
    // Taken for the job spec argument: "give a job spec or --max-epochs/--factor/--iterations, not both".
    [InlineData(new[] { "plan", "--max-epochs", "9", "--bogus" }, "error: unknown option '--bogus'")]
    [InlineData(new[] { "validate", "--bogus=1" }, "error: unknown option '--bogus'")]
    // "Unrecognized command or argument '--worker'", then the same of '2', with no hint.
    [InlineData(new[] { "run", "job.json", "--worker", "2" }, "error: unknown option '--worker'; did you mean --workers?")]
    [InlineData(new[] { "plan", "--max-epoch", "9" }, "error: unknown option '--max-epoch'; did you mean --max-epochs?")]
    [InlineData(new[] { "status", "job", "--verbos" }, "error: unknown option '--verbos'; did you mean --verbose?")]
    public async Task An_unknown_option_is_named_with_the_known_one_it_is_close_to(string[] args, string expected)
    {
        var (code, output, error) = await Commands.CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        // The help of the command typed, which lists its options (tuner --help lists commands).
        Assert.Equal([expected, $"Run 'tuner {args[0]} --help' for usage."], error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory]
    // "Required command was not provided." and, for a word, "Unrecognized command or argument 'trian'." besides, no hint.
    [InlineData(new[] { "trian", "job.json" }, "error: unknown command 'trian'; did you mean train?")]
    [InlineData(new string[0], "error: no command given; the commands are info, train, validate, plan, simulate, run, predict, generate, coordinator, worker, submit, jobs, workers, status, watch, results, cancel")]
    public async Task A_missing_or_mistyped_command_is_one_line(string[] args, string expected)
    {
        var (code, _, error) = await Commands.CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal([expected, "Run 'tuner --help' for usage."], error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData(new[] { "plan", "--max-epochs", "abc" }, "--max-epochs: must be an integer from 1 to 10000 (got 'abc')")]
    // A number too large for .NET's int names the option's own range, not int's (it said -2147483648 to 2147483647).
    [InlineData(new[] { "train", "job.json", "--epochs", "99999999999" }, "--epochs: must be an integer from 1 to 10000 (got 99999999999)")]
    [InlineData(new[] { "run", "job.json", "--workers", "99999999999" }, "--workers: must be an integer from 1 to 256 (got 99999999999)")]
    [InlineData(new[] { "run", "job.json", "--workers", "0" }, "--workers: must be an integer from 1 to 256 (got 0)")]
    // The node commands' integers too (--slots said "must be a whole number from -2147483648 to 2147483647").
    [InlineData(new[] { "worker", "--seeds", "akka.tcp://tuner@h:4053", "--slots", "99999999999" }, "--slots: must be an integer from 1 to 256 (got 99999999999)")]
    [InlineData(new[] { "worker", "--seeds", "akka.tcp://tuner@h:4053", "--slots", "four" }, "--slots: must be an integer from 1 to 256 (got 'four')")]
    [InlineData(new[] { "coordinator", "--port", "70000" }, "--port: must be an integer from 0 to 65535 (got 70000)")]
    // An empty id (a failed ID=$(tuner submit …)) printed a blank summary and "Object reference not set…" (exit 1).
    [InlineData(new[] { "status", "" }, "ID: must not be empty; give a job id (tuner jobs lists them)")]
    [InlineData(new[] { "results", " " }, "ID: must not be empty; give a job id (tuner jobs lists them)")]
    // A path that is "" (an unset "$VAR"): "The value cannot be an empty string. (Parameter 'path')" (exit 1), ": file not found".
    [InlineData(new[] { "run", "" }, "JOB.json: must not be empty; give a job spec file")]
    [InlineData(new[] { "validate", "" }, "JOB.json: must not be empty; give a job spec file")]
    [InlineData(new[] { "run", "job.json", "--out", "" }, "--out: must not be empty; give a folder (leave --out out for ./tuner-out/NAME/)")]
    [InlineData(new[] { "predict", "" }, "MODEL: must not be empty; give a tuner run output folder (tuner-out/JOB)")]
    [InlineData(new[] { "predict", "out", "--data", "" }, "--data: must not be empty; give a CSV or text file, or - for standard input")]
    [InlineData(new[] { "simulate", "job.json", "--curves", "" }, "--curves: must not be empty; give a results.json with per-epoch histories")]
    [InlineData(new[] { "generate", "model", "--prompt", "a", "--length", "-1" }, "--length: must be an integer from 1 to 1000000 (got -1)")]
    [InlineData(new[] { "run", "job.json", "--db", "x.db", "--workers", "1e3" }, "--workers: must be an integer from 1 to 256 (got '1e3')")]
    [InlineData(new[] { "generate", "model", "--prompt", "a", "--temperature", "hot" }, "--temperature: must be a number, e.g. 0.5 (got 'hot')")]
    // Given twice: "--port: must be an integer from 0 to 65535 (got 32657)" of a valid first value.
    [InlineData(new[] { "worker", "--seeds", "akka.tcp://tuner@h:4053", "--port", "32657", "--port", "32658" }, "--port: given 2 times (32657, 32658); give it once")]
    [InlineData(new[] { "run", "job.json", "--workers", "2", "--workers", "3" }, "--workers: given 2 times (2, 3); give it once")]
    public async Task A_value_that_is_not_a_number_names_its_option_not_a_dotnet_type(string[] args, string expected)
    {
        var (code, _, error) = await Commands.CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("System.", error);
    }

    [Fact]
    public async Task Info_succeeds()
    {
        Assert.Equal(ExitCodes.Success, await TunerCli.RunAsync(["info"]));
    }
}
