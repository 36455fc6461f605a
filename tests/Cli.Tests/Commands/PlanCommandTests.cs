namespace Tuner.Cli.Tests.Commands;

public sealed class PlanCommandTests
{
    private const string Plan27 = """{"brackets":[{"bracket":3,"rounds":[{"trials":27,"epochs":1},{"trials":9,"epochs":3},{"trials":3,"epochs":9},{"trials":1,"epochs":27}]},{"bracket":2,"rounds":[{"trials":12,"epochs":3},{"trials":4,"epochs":9},{"trials":1,"epochs":27}]},{"bracket":1,"rounds":[{"trials":6,"epochs":9},{"trials":2,"epochs":27}]},{"bracket":0,"rounds":[{"trials":4,"epochs":27}]}],"totalEpochs":357}""";

    [Fact]
    public async Task Flags_print_the_schedule_json()
    {
        var (code, output, _) = await CliRunner.RunAsync("plan", "--max-epochs", "27", "--factor", "3");
        Assert.Equal((ExitCodes.Success, Plan27), (code, output.Trim()));
    }

    [Fact]
    public async Task The_factor_defaults_to_3()
    {
        var (code, output, _) = await CliRunner.RunAsync("plan", "--max-epochs", "27");
        Assert.Equal((ExitCodes.Success, Plan27), (code, output.Trim()));
    }

    [Fact]
    public async Task A_job_spec_prints_its_schedule()
    {
        using var job = new CliRunner.TempFile(CliRunner.ValidJob);
        var (code, output, _) = await CliRunner.RunAsync("plan", job.Path);
        Assert.Equal((ExitCodes.Success, Plan27), (code, output.Trim()));
    }

    [Fact]
    public async Task Dash_reads_the_job_spec_from_standard_input()
    {
        // It said "-: file not found".
        var (code, output, error) = await Processes.PipedTuner.RunAsync(CliRunner.ValidJob, ["plan", "-"]);
        Assert.Equal((ExitCodes.Success, Plan27, ""), (code, output.Trim(), error));
    }

    [Fact]
    public async Task Iterations_repeat_the_brackets()
    {
        // Per iteration: bracket 1 trains 3·1 + 1·(3 − 1) = 5 epochs, bracket 0 trains 2·3 = 6.
        var (code, output, _) = await CliRunner.RunAsync("plan", "--max-epochs", "3", "--factor", "3", "--iterations", "2");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("""{"brackets":[{"bracket":1,"rounds":[{"trials":3,"epochs":1},{"trials":1,"epochs":3}]},{"bracket":0,"rounds":[{"trials":2,"epochs":3}]},{"bracket":1,"rounds":[{"trials":3,"epochs":1},{"trials":1,"epochs":3}]},{"bracket":0,"rounds":[{"trials":2,"epochs":3}]}],"totalEpochs":22}""",
            output.Trim());
    }

    [Theory]
    [InlineData(new[] { "plan", "--max-epochs", "0" }, "--max-epochs: must be an integer from 1 to 10000 (got 0)")]
    [InlineData(new[] { "plan", "--max-epochs", "27", "--factor", "1" }, "--factor: must be an integer from 2 to 100 (got 1)")]
    [InlineData(new[] { "plan", "--max-epochs", "27", "--iterations", "0" }, "--iterations: must be an integer from 1 to 100 (got 0)")]
    [InlineData(new[] { "plan", "--factor", "3" }, "give a job spec (tuner plan JOB.json, or - for standard input) or --max-epochs R [--factor F] [--iterations I]")]
    [InlineData(new[] { "plan" }, "give a job spec (tuner plan JOB.json, or - for standard input) or --max-epochs R [--factor F] [--iterations I]")]
    [InlineData(new[] { "plan", "--max-epochs", "abc" }, "--max-epochs")]
    public async Task Bad_flags_exit_2_with_a_message(string[] args, string expected)
    {
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task A_job_and_flags_together_are_refused()
    {
        using var job = new CliRunner.TempFile(CliRunner.ValidJob);
        var (code, _, error) = await CliRunner.RunAsync("plan", job.Path, "--max-epochs", "9");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("not both", error);
    }

    [Fact]
    public async Task A_bohb_job_prints_the_same_schedule_as_hyperband()
    {
        using var hyperband = new CliRunner.TempFile(CliRunner.ValidJob);
        using var bohb = new CliRunner.TempFile(CliRunner.ValidJob.Replace("\"type\": \"hyperband\"", "\"type\": \"bohb\""));
        var (code, expected, _) = await CliRunner.RunAsync("plan", hyperband.Path, "--json");
        var (bohbCode, actual, error) = await CliRunner.RunAsync("plan", bohb.Path, "--json");
        Assert.Equal((0, 0), (code, bohbCode));
        Assert.Contains("\"brackets\"", actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_job_that_is_not_hyperband_is_refused()
    {
        using var job = new CliRunner.TempFile(CliRunner.ValidJob.Replace("\"type\": \"hyperband\", \"maxEpochs\": 27, \"factor\": 3", "\"type\": \"random\""));
        var (code, _, error) = await CliRunner.RunAsync("plan", job.Path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("algorithm.type: tuner plan prints Hyperband schedules (hyperband and bohb jobs); this job uses \"random\"", error.Trim());
    }

    [Fact]
    public async Task An_invalid_job_reports_its_problems()
    {
        using var job = new CliRunner.TempFile(CliRunner.ValidJob.Replace("\"factor\": 3", "\"factor\": 1"));
        var (code, _, error) = await CliRunner.RunAsync("plan", job.Path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("algorithm.factor: must be an integer from 2 to 100 (got 1)", error.Trim());
    }
}
