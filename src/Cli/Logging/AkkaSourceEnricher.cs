using Serilog.Core;
using Serilog.Events;

namespace Tuner.Cli.Logging;

/// <summary>Names the source of Akka's log events that come from a string source (remoting, the cluster, leases) by
/// that source: Akka gives them all the placeholder class <c>Akka.Event.DummyClassForStringSources</c>, which a line
/// <c>[12:00:01 INF] Akka.Event.DummyClassForStringSources Remoting started…</c> then showed. Their <c>LogSource</c> says
/// <c>remoting (akka://tuner)</c>: the part before the system's address becomes the source context.</summary>
internal sealed class AkkaSourceEnricher : ILogEventEnricher
{
    private const string Placeholder = "Akka.Event.DummyClassForStringSources";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (!logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var context)
            || context is not ScalarValue { Value: Placeholder }
            || !logEvent.Properties.TryGetValue("LogSource", out var source)
            || source is not ScalarValue { Value: string name })
            return;
        var system = name.IndexOf(" (akka", StringComparison.Ordinal);
        logEvent.AddOrUpdateProperty(propertyFactory.CreateProperty(Constants.SourceContextPropertyName, system > 0 ? name[..system] : name));
    }
}
