using System.Collections;
using System.Text.RegularExpressions;
using Tuner.Cli.Hosting;
using Tuner.Cli.Tests.Commands;
using Tuner.Contracts;

namespace Tuner.Cli.Tests.Hosting;

/// <summary><c>tuner coordinator --help</c> and <c>tuner worker --help</c> name every environment variable the node reads:
/// the variables come from what the code reads (the settings' binding, watched; the process environment, from the
/// source), not from a list kept beside it. Before, TUNER_API_TOKEN, TUNER_MAX_BODY_BYTES, TUNER_MAX_DATASET_BYTES and
/// others were in docs/deploy.md only.</summary>
public sealed class NodeEnvironmentTests
{
    [Theory]
    [InlineData(NodeRole.Coordinator, "coordinator")]
    [InlineData(NodeRole.Worker, "worker")]
    public async Task A_nodes_help_names_every_environment_variable_the_node_reads(NodeRole role, string command)
    {
        var (code, help, _) = await CliRunner.RunAsync(command, "--help");
        Assert.Equal(ExitCodes.Success, code);
        var read = VariablesRead(role);
        Assert.Contains("TUNER_HTTP", VariablesRead(NodeRole.Coordinator)); // the watch sees what Bind reads
        Assert.DoesNotContain(read, name => !Regex.IsMatch(help, $@"\b{name}\b"));
        Assert.Contains("Environment variables", help);
        // Stated once: a variable an option names (--http: TUNER_HTTP) is not listed again below the options.
        var section = help[help.IndexOf("Environment variables", StringComparison.Ordinal)..];
        Assert.DoesNotContain("TUNER_HTTP", section);
        Assert.DoesNotContain("TUNER_DB", section);
    }

    [Theory]
    [InlineData(NodeRole.Coordinator)]
    [InlineData(NodeRole.Worker)]
    public void The_table_lists_only_variables_the_node_reads(NodeRole role) =>
        Assert.Empty(NodeEnvironment.Of(role).Select(v => v.Name).Except(VariablesRead(role)));

    /// <summary>What <see cref="NodeSettings.Bind"/> asks its environment for, with cluster discovery off and on (its
    /// companions are read only then), and the TUNER_ variables node code reads from the process environment itself.</summary>
    private static HashSet<string> VariablesRead(NodeRole role)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var discovery in new[] { null, ClusterFormation.Config, ClusterFormation.KubernetesApi })
        {
            var environment = new WatchedEnvironment(read);
            if (discovery is not null) environment.Set("TUNER_DISCOVERY", discovery);
            try { NodeSettings.Bind(role, new NodeSettings.Flags(), environment); }
            catch (InvalidInputException) { } // a worker without seeds: everything was read by then
        }
        var hosting = Path.Combine(Support.Repository.Root, "src", "Cli");
        foreach (var file in Directory.EnumerateFiles(hosting, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Client{Path.DirectorySeparatorChar}")))
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"GetEnvironmentVariable\(""(TUNER_[A-Z_]+)""\)"))
                read.Add(m.Groups[1].Value);
        return read;
    }

    /// <summary>An environment that notes every name asked for.</summary>
    private sealed class WatchedEnvironment(HashSet<string> read) : Hashtable
    {
        public void Set(string name, string value) => base[name] = value;

        public override object? this[object key]
        {
            get
            {
                read.Add((string)key);
                return base[key];
            }
            set => base[key] = value;
        }
    }
}
