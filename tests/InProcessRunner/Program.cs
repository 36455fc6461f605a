using System.Diagnostics;
using System.Runtime.InteropServices;
using Tuner.InProcessRunner;

// Usage: Tuner.InProcessRunner [--filter EXPRESSION]
// Runs the engine's xunit tests that the filter (dotnet test's syntax, see TestFilter) selects, all when none is given;
// prints each failure, then "N passed, N failed, N skipped"; exits 1 on a failure or when nothing ran, 2 on bad arguments.
TestFilter? filter = TestFilter.Everything;
string? error = null;
if (args is ["--filter", var expression]) filter = TestFilter.Parse(expression, out error);
else if (args.Length != 0) error = "usage: Tuner.InProcessRunner [--filter EXPRESSION]  (dotnet test's FullyQualifiedName~ / !~ terms, & and |)";
if (filter is null || error is not null)
{
    Console.Error.WriteLine(error);
    return 2;
}

var clock = Stopwatch.StartNew();
var assembly = typeof(Tuner.Engine.Tests.Tensors.IsaPathTests).Assembly;
var outcome = AssemblyRun.Run(assembly, filter, Console.Out);
Console.Out.WriteLine($"{outcome.Passed} passed, {outcome.Failed} failed, {outcome.Skipped} skipped ({clock.Elapsed.TotalSeconds:F0} s on {RuntimeInformation.ProcessArchitecture})");
return outcome.Failed == 0 && outcome.Passed > 0 ? 0 : 1;
