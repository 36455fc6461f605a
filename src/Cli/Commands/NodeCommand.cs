using System.CommandLine;
using Tuner.Cli.Hosting;

namespace Tuner.Cli.Commands;

/// <summary>A command that runs a cluster node until it is stopped (<c>tuner coordinator</c>, <c>tuner worker</c>): with
/// JSON logs its start-up failures are log events too (<see cref="Logging.StderrLines"/>), since what reads its output is
/// a log shipper, not a person.</summary>
public sealed class NodeCommand(string name, string description, NodeRole role) : Command(name, description)
{
    /// <summary>The node this command runs.</summary>
    public NodeRole Role { get; } = role;
}
