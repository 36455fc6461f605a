using Serilog.Events;
using Serilog.Parsing;
using Tuner.Cli.Logging;

namespace Tuner.Cli.Tests.Logging;

public sealed class SplitBrainLeaseFailureTests
{
    [Fact]
    public void A_lease_out_of_reach_is_one_warning_in_words_without_the_relays_stack_trace()
    {
        // As Akka.Cluster logs it on a worker whose coordinator was killed: an error carrying the relay's exception.
        var relayed = new AggregateException(new Akka.Coordination.LeaseException("the coordinator did not answer the lease request"));
        var error = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Error, relayed, new MessageTemplateParser().Parse("SBR acquire of lease failed"), []);
        var (replaced, said) = new SplitBrainLeaseFailure().Check(error);
        Assert.True(replaced);
        Assert.Equal(LogEventLevel.Warning, said!.Level);
        Assert.Null(said.Exception);
        Assert.Equal("The split-brain lease could not be taken (the coordinator did not answer the lease request): no coordinator answers for it; " +
                     "this node downs itself rather than risk two clusters", said.RenderMessage());

        Assert.Equal((false, (LogEvent?)null), new SplitBrainLeaseFailure().Check(new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Error, relayed,
            new MessageTemplateParser().Parse("Something else failed"), [])));
    }
}
