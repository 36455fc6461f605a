using Tuner.Cli.Logging;
using Tuner.Cli.Tests.Commands;

namespace Tuner.Cli.Tests.Logging;

public sealed class LogFileOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_writable_path_or_none_is_fine()
    {
        Assert.Null(CliLogging.ValidateLogFile(null));
        Assert.Null(CliLogging.ValidateLogFile(Path.Combine(_dir, "run.log")));
    }

    [Fact]
    public void A_folder_a_missing_folder_or_an_empty_name_is_refused_naming_the_flag()
    {
        Assert.Equal("--log-file: give a file name", CliLogging.ValidateLogFile(""));
        Assert.Equal($"--log-file: '{_dir}' is a folder; give a file name inside it", CliLogging.ValidateLogFile(_dir));
        var missing = Path.Combine(_dir, "nope");
        Assert.Equal($"--log-file: the folder '{missing}' does not exist; create it or choose another path",
            CliLogging.ValidateLogFile(Path.Combine(missing, "run.log")));
    }

    [Fact]
    public async Task The_command_exits_2_with_the_message()
    {
        var (code, _, error) = await CliRunner.RunAsync("validate", "x.json", "--log-file", _dir);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--log-file: ", error);
        Assert.DoesNotContain("   at ", error);
    }
}
