using Serilog.Events;
using Serilog.Parsing;
using Tuner.Cli.Logging;

namespace Tuner.Cli.Tests.Logging;

public sealed class MisaddressedMessagesTests
{
    /// <summary>Akka.Remote's EndpointWriter error as Akka.Logger.Serilog hands it over (properties by position).</summary>
    private static LogEvent Dropped(string sentTo, string own) => new(DateTimeOffset.UnixEpoch, LogEventLevel.Error, null,
        new MessageTemplateParser().Parse("Dropping message [{0}] for non-local recipient [{1}] arriving at [{2}] inbound addresses [{3}]"),
        [
            new LogEventProperty("0", new ScalarValue("Akka.Actor.ActorSelectionMessage")),
            new LogEventProperty("1", new ScalarValue($"[{sentTo}/]")),
            new LogEventProperty("2", new ScalarValue(sentTo)),
            new LogEventProperty("3", new ScalarValue(own)),
        ]);

    [Fact]
    public void The_first_drop_per_address_becomes_a_warning_that_says_what_to_do_and_repeats_are_left_out()
    {
        var messages = new MisaddressedMessages();
        var (replaced, hint) = messages.Check(Dropped("akka.tcp://tuner@127.0.0.1:4053", "akka.tcp://tuner@vm:4053"));
        Assert.True(replaced);
        Assert.Equal(LogEventLevel.Warning, hint!.Level);
        Assert.Equal("A node sent to \"akka.tcp://tuner@127.0.0.1:4053\", but this node's address is \"akka.tcp://tuner@vm:4053\", and Akka accepts only " +
            "the address a node advertises: start the other nodes with --seeds \"akka.tcp://tuner@vm:4053\", or this one with --hostname \"127.0.0.1\"",
            hint.RenderMessage());
        Assert.Equal((true, (LogEvent?)null), messages.Check(Dropped("akka.tcp://tuner@127.0.0.1:4053", "akka.tcp://tuner@vm:4053")));
        Assert.NotNull(messages.Check(Dropped("akka.tcp://tuner@localhost:4053", "akka.tcp://tuner@vm:4053")).Hint); // another address: said too

        var other = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Error, null, new MessageTemplateParser().Parse("Association failed"), []);
        Assert.Equal((false, (LogEvent?)null), messages.Check(other));
    }
}
