using Serilog.Events;
using Serilog.Parsing;
using Tuner.Cli.Logging;

namespace Tuner.Cli.Tests.Logging;

public sealed class SingletonIdentifiedOnceTests
{
    private static LogEvent Identified(string path) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("Singleton identified at [{0}]"),
            [new LogEventProperty("0", new ScalarValue(path))]);

    [Fact]
    public void The_proxies_repeats_of_one_place_are_left_out_and_a_new_place_is_said()
    {
        var hint = new SingletonIdentifiedOnce();
        const string here = "akka://tuner/user/job-manager/job-manager", there = "akka.tcp://tuner@10.0.0.2:4053/user/job-manager/job-manager";
        Assert.False(hint.Check(Identified(here)).Replaced);
        Assert.True(hint.Check(Identified(here)).Replaced);
        Assert.True(hint.Check(Identified(here)).Replaced);
        Assert.False(hint.Check(Identified(there)).Replaced); // a hand-over
        Assert.False(hint.Check(Identified(here)).Replaced);  // and back
        Assert.False(hint.Check(new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null,
            new MessageTemplateParser().Parse("Something else"), [])).Replaced);
    }
}
