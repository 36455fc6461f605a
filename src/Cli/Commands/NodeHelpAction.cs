using System.CommandLine;
using System.CommandLine.Invocation;
using Tuner.Cli.Hosting;

namespace Tuner.Cli.Commands;

/// <summary><c>--help</c> as System.CommandLine writes it, and for a node (<see cref="NodeCommand"/>) then the environment
/// variables it reads that no option names (<see cref="NodeEnvironment"/>), aligned as the options are.</summary>
internal sealed class NodeHelpAction(SynchronousCommandLineAction help) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var code = help.Invoke(parseResult);
        if (parseResult.CommandResult.Command is not NodeCommand node) return code;
        var output = parseResult.InvocationConfiguration.Output;
        var variables = NodeEnvironment.Of(node.Role).ToList();
        var width = variables.Max(v => v.Name.Length) + 2;
        output.WriteLine("Environment variables (besides those the options name):");
        foreach (var v in variables)
            output.WriteLine($"  {v.Name.PadRight(width)} {v.Meaning}");
        output.WriteLine();
        return code;
    }
}
