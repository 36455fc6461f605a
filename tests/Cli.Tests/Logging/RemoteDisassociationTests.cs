using Serilog.Events;
using Serilog.Parsing;
using Tuner.Cli.Logging;

namespace Tuner.Cli.Tests.Logging;

public sealed class RemoteDisassociationTests
{
    private const string Trace = "Akka.Remote.EndpointDisassociatedException: Disassociated\n   at Akka.Remote.EndpointWriter.PublishAndThrow(Exception reason, LogLevel level, Boolean needToThrow)\n   at Akka.Actor.ActorCell.Invoke(Envelope envelope)";

    // As Akka.Remote logs a worker SIGKILLed: a warning with the stack trace in its text, then an error carrying it.
    private static LogEvent Gated(string reason) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Warning, null,
            new MessageTemplateParser().Parse("Association with remote system {0} has failed; address is now gated for {1} ms. Reason is: [{2}]"),
            [new LogEventProperty("0", new ScalarValue("akka.tcp://tuner@vm:31454")), new LogEventProperty("1", new ScalarValue(5000)), new LogEventProperty("2", new ScalarValue(reason))]);

    /// <summary>Akka.Remote's own exception (an internal type): the test must fail if the hint matched only a look-alike.</summary>
    private static Exception Disassociated()
    {
        var type = typeof(Akka.Remote.RemoteTransport).Assembly.GetType("Akka.Remote.EndpointDisassociatedException", throwOnError: true)!;
        return (Exception)Activator.CreateInstance(type, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic,
            null, ["Disassociated"], null)!;
    }

    [Fact]
    public void A_lost_node_is_one_warning_in_words_without_akkas_stack_trace_or_error()
    {
        var hint = new RemoteDisassociation();
        var (replaced, said) = hint.Check(Gated(Trace));
        Assert.True(replaced);
        Assert.Equal(LogEventLevel.Warning, said!.Level);
        Assert.Equal("Lost the connection to akka.tcp://tuner@vm:31454 (Disassociated): the node stopped, or the network to it failed; " +
                     "Akka.Remote tries again in 5000 ms", said.RenderMessage());
        Assert.Null(said.Exception);

        var error = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Error, Disassociated(),
            new MessageTemplateParser().Parse("Disassociated"), []);
        Assert.Equal((true, (LogEvent?)null), hint.Check(error)); // the supervisor's error says nothing more

        Assert.Equal((false, (LogEvent?)null), hint.Check(new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Error, new InvalidOperationException("x"),
            new MessageTemplateParser().Parse("Disassociated"), []))); // other errors stay
    }
}
