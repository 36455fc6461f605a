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
    public async Task Info_succeeds()
    {
        Assert.Equal(ExitCodes.Success, await TunerCli.RunAsync(["info"]));
    }
}
