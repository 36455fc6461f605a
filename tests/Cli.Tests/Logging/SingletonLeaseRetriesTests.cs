using Akka.Cluster.Tools.Singleton;
using Serilog.Events;
using Serilog.Parsing;
using Tuner.Cli.Logging;

namespace Tuner.Cli.Tests.Logging;

public sealed class SingletonLeaseRetriesTests
{
    // As Akka.Cluster.Tools' singleton manager logs them: positional properties, the state an enum.
    private static LogEvent Logged(string template, params object[] values) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse(template),
            [.. values.Select((v, i) => new LogEventProperty(i.ToString(System.Globalization.CultureInfo.InvariantCulture), new ScalarValue(v)))]);

    private const string StateChange = "ClusterSingletonManager state change [{0} -> {1}] {2}";

    [Fact]
    public void Each_retry_of_the_lease_is_left_out_and_the_lines_that_say_something_stay()
    {
        var hint = new SingletonLeaseRetries();
        Assert.Equal((true, (LogEvent?)null), hint.Check(Logged("Acquire lease result {0}", false)));
        Assert.Equal((true, (LogEvent?)null), hint.Check(Logged(StateChange,
            ClusterSingletonState.AcquiringLease, ClusterSingletonState.AcquiringLease, "data")));

        Assert.False(hint.Check(Logged("Acquire lease result {0}", true)).Replaced);
        Assert.False(hint.Check(Logged(StateChange,
            ClusterSingletonState.AcquiringLease, ClusterSingletonState.Oldest, "data")).Replaced);
        Assert.False(hint.Check(Logged("Trying to acquire lease before starting singleton")).Replaced);
    }
}
