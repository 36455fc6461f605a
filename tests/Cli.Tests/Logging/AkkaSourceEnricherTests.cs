using Serilog;
using Serilog.Core;
using Serilog.Events;
using Tuner.Cli.Logging;

namespace Tuner.Cli.Tests.Logging;

public sealed class AkkaSourceEnricherTests
{
    private sealed class Collected : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];
        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    private static string? SourceOf(Action<ILogger> log)
    {
        var sink = new Collected();
        using (var logger = new LoggerConfiguration().Enrich.With<AkkaSourceEnricher>().WriteTo.Sink(sink).CreateLogger())
            log(logger);
        return (Assert.Single(sink.Events).Properties[Constants.SourceContextPropertyName] as ScalarValue)?.Value as string;
    }

    [Theory]
    [InlineData("remoting (akka://tuner)", "remoting")]
    [InlineData("Cluster (akka://tuner)", "Cluster")]
    [InlineData("lease:tuner-singleton-akka://tuner/user/job-manager (akka://tuner)", "lease:tuner-singleton-akka://tuner/user/job-manager")]
    [InlineData("no system named", "no system named")]
    public void A_string_sourced_akka_event_is_named_by_its_source_not_akkas_placeholder_class(string logSource, string expected)
    {
        Assert.Equal(expected, SourceOf(l => l.ForContext(Constants.SourceContextPropertyName, "Akka.Event.DummyClassForStringSources")
            .ForContext("LogSource", logSource).Information("Remoting started")));
    }

    [Fact]
    public void Other_sources_are_left_as_they_are()
    {
        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolver", SourceOf(l => l.ForContext(Constants.SourceContextPropertyName, "Akka.Cluster.SBR.SplitBrainResolver")
            .ForContext("LogSource", "akka.tcp://tuner@vm:4053/system/cluster/core/daemon/downingProvider").Information("leader")));
    }
}
