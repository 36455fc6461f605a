namespace Tuner.Cli.Tests.Processes;

/// <summary>A second Ctrl-C or SIGTERM while a command is still ending: the process ends at once with 130 / 143 and says
/// so. System.CommandLine's handler threw on the second signal (an unhandled exception and its stack trace, exit 134).
/// The command here is stuck in a read no signal cancels: <c>tuner validate</c> of a named pipe nobody writes.</summary>
[Collection(ProcessTests.Name)]
public sealed class SecondSignalTests
{
    [Theory]
    [InlineData(false, 143)]
    [InlineData(true, 130)]
    public async Task A_second_signal_ends_a_stuck_command_at_once_without_a_crash(bool interrupt, int expected)
    {
        using var bed = new ClusterTestBed();
        var pipe = Path.Combine(bed.Directory, "spec.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pipe])) await mkfifo.WaitForExitAsync();
        var validate = bed.Track(new TunerProcess("validate", ["validate", pipe], bed.Environment, bed.Directory));
        await Task.Delay(TimeSpan.FromSeconds(3)); // started and blocked opening the pipe
        Assert.False(validate.HasExited, validate.ToString());

        Signal(validate, interrupt);
        await Task.Delay(TimeSpan.FromSeconds(1)); // two signals at once are one pending signal
        Assert.False(validate.HasExited, "the first signal ended a command stuck in a read\n" + validate);
        Signal(validate, interrupt);

        Assert.Equal(expected, await validate.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("Unhandled exception", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("interrupted again: ending now", validate.Stderr, StringComparison.Ordinal);
    }

    private static void Signal(TunerProcess process, bool interrupt)
    {
        if (interrupt) process.Interrupt();
        else process.Terminate();
    }
}
