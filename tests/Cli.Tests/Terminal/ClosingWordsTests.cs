namespace Tuner.Cli.Tests.Terminal;

public sealed class ClosingWordsTests
{
    [Fact]
    public void A_commands_closing_line_is_not_said_after_the_processs_last_line()
    {
        // A double Ctrl-C while a run recovers: the second signal says "ending now" and exits, and the command's thread,
        // unwinding from the first, printed "interrupted: state saved…" after it.
        var output = new StringWriter();
        var words = new ClosingWords(output);
        Assert.True(words.SayLast("interrupted again: ending now", ExitCodes.Interrupted));
        words.Say(TunerCli.InterruptedRun);
        Assert.False(words.SayLast("still not ended 90 s after the interrupt: ending now", ExitCodes.Interrupted));
        Assert.Equal("interrupted again: ending now\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Before_the_last_line_a_closing_line_is_said()
    {
        var output = new StringWriter();
        var words = new ClosingWords(output);
        words.Say(TunerCli.InterruptedRun);
        Assert.True(words.SayLast("interrupted again: ending now", ExitCodes.Interrupted));
        Assert.Equal(TunerCli.InterruptedRun + "\ninterrupted again: ending now\n", output.ToString().ReplaceLineEndings("\n"));
    }
}
