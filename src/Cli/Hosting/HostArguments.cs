namespace Tuner.Cli.Hosting;

/// <summary>The generic host's own arguments for every Tuner node (its settings come from <see cref="NodeSettings"/>).</summary>
internal static class HostArguments
{
    /// <summary>No configuration reload on file changes: the default watches the working directory recursively
    /// for <c>appsettings.json</c>, and a node writing checkpoints beneath it paid ~10 % of its CPU for that watcher.</summary>
    public static readonly string[] Defaults = ["--hostBuilder:reloadConfigOnChange=false"];
}
