using System.Reflection;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tuner.InProcessRunner;

/// <summary>One run of an assembly's xunit tests in this process, through xunit's own discoverer and executor (what the
/// Visual Studio adapter drives in a test host), so theories, fixtures, collections and parallelism behave as there.</summary>
internal static class AssemblyRun
{
    public sealed record Outcome(int Passed, int Failed, int Skipped);

    public static Outcome Run(Assembly assembly, TestFilter filter, TextWriter output)
    {
        var diagnostics = new NullMessageSink();
        using var framework = new XunitTestFramework(diagnostics);

        var discovered = new CollectingSink<ITestCaseDiscoveryMessage, IDiscoveryCompleteMessage>();
        using (var discoverer = framework.GetDiscoverer(Reflector.Wrap(assembly)))
        {
            discoverer.Find(includeSourceInformation: false, discovered, new FrameworkOptions());
            discovered.Finished.WaitOne();
        }
        var testCases = discovered.Messages.Select(m => m.TestCase)
            .Where(t => filter.Includes($"{t.TestMethod.TestClass.Class.Name}.{t.TestMethod.Method.Name}"))
            .ToList();

        var results = new ResultSink(output);
        using (var executor = framework.GetExecutor(assembly.GetName()))
        {
            executor.RunTests(testCases, results, new FrameworkOptions());
            results.Finished.WaitOne();
        }
        return new Outcome(results.Passed, results.Failed, results.Skipped);
    }

    private sealed class NullMessageSink : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message) => true;
    }

    /// <summary>Keeps every message of type <typeparamref name="TMessage"/> until one of type <typeparamref name="TEnd"/>.</summary>
    private sealed class CollectingSink<TMessage, TEnd> : LongLivedMarshalByRefObject, IMessageSink where TMessage : IMessageSinkMessage
    {
        public List<TMessage> Messages { get; } = [];
        public ManualResetEvent Finished { get; } = new(false);

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is TMessage kept) lock (Messages) Messages.Add(kept);
            if (message is TEnd) Finished.Set();
            return true;
        }
    }
}
