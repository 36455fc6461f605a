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

    [Fact]
    public async Task Info_succeeds()
    {
        Assert.Equal(ExitCodes.Success, await TunerCli.RunAsync(["info"]));
    }
}
