using Xunit.Abstractions;

namespace Tuner.InProcessRunner;

/// <summary>Counts the executor's results and prints each failure (test, message, stack) as it arrives; an error outside
/// a test (a fixture's cleanup that threw) counts as a failure, as dotnet test counts it.</summary>
internal sealed class ResultSink(TextWriter output) : Xunit.LongLivedMarshalByRefObject, IMessageSink
{
    private int _passed, _failed, _skipped;

    public int Passed => Volatile.Read(ref _passed);
    public int Failed => Volatile.Read(ref _failed);
    public int Skipped => Volatile.Read(ref _skipped);
    public ManualResetEvent Finished { get; } = new(false);

    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestPassed: Interlocked.Increment(ref _passed); break;
            case ITestSkipped: Interlocked.Increment(ref _skipped); break;
            case ITestFailed failed:
                Interlocked.Increment(ref _failed);
                lock (output)
                {
                    output.WriteLine($"FAILED {failed.Test.DisplayName}");
                    foreach (var line in failed.Messages.Concat(failed.StackTraces)) output.WriteLine($"    {line}");
                }
                break;
            case IFailureInformation failure: // an IErrorMessage, or a fixture's or collection's cleanup that threw
                Interlocked.Increment(ref _failed);
                lock (output) output.WriteLine($"ERROR {failure.GetType().Name}: {string.Join(" / ", failure.Messages)}");
                break;
            case ITestAssemblyFinished:
                Finished.Set();
                break;
        }
        return true;
    }
}
