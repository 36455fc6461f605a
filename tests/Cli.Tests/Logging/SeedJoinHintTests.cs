using Serilog.Events;
using Serilog.Parsing;
using Tuner.Cli.Logging;

namespace Tuner.Cli.Tests.Logging;

public sealed class SeedJoinHintTests
{
    private static LogEvent Event(string template) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Warning, null, new MessageTemplateParser().Parse(template), []);

    [Fact]
    public void The_first_failed_join_gets_a_hint_about_the_seeds_address_and_akkas_lines_stay()
    {
        var hint = new SeedJoinHint();
        const string akka = "Couldn't join seed nodes after [{0}] attempts, will try again. seed-nodes=[{1}]";
        Assert.Equal((false, (LogEvent?)null), hint.Check(Event("Association failed")));
        var (replaced, said) = hint.Check(Event(akka));
        Assert.False(replaced);
        Assert.StartsWith("Not in the cluster yet: no seed answered. A seed must name a running coordinator exactly as it advertises itself", said!.RenderMessage());
        Assert.Equal((false, (LogEvent?)null), hint.Check(Event(akka))); // once
    }
}
