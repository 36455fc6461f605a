using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tuner.Cli.Tests.Deploy;

/// <summary>The repository's Dockerfile as stages of instructions: comments dropped, continuation
/// lines joined. Enough of the Dockerfile grammar for the instructions Tuner's file uses.</summary>
internal sealed partial class DockerfileModel
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string BaseImage, string? Name, IReadOnlyList<string> FromFlags, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
    }

    public required IReadOnlyList<Stage> Stages { get; init; }

    /// <summary>Instructions before the first FROM (ARG only, in a valid file).</summary>
    public required IReadOnlyList<Instruction> Preamble { get; init; }

    public static string PathInRepository => Path.Combine(Support.Repository.Root, "Dockerfile");

    public static DockerfileModel Load() => Parse(File.ReadAllText(PathInRepository));

    public static DockerfileModel Parse(string text)
    {
        var logical = new List<string>();
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#')) continue; // comments (and the syntax directive)
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            current += line;
            if (current.Trim().Length > 0) logical.Add(current.Trim());
            current = "";
        }

        var preamble = new List<Instruction>();
        var stages = new List<Stage>();
        List<Instruction>? instructions = null;
        foreach (var line in logical)
        {
            var space = line.IndexOf(' ');
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : line[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var flags = words.TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)).ToList();
                var rest = words.Skip(flags.Count).ToList();
                var name = rest.Count == 3 && rest[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? rest[2] : null;
                instructions = [];
                stages.Add(new Stage(rest[0], name, flags, instructions));
            }
            else (instructions ?? preamble).Add(new Instruction(keyword, arguments));
        }
        return new DockerfileModel { Stages = stages, Preamble = preamble };
    }

    public Stage Final => Stages[^1];

    /// <summary>An exec-form (JSON array) ENTRYPOINT/CMD, or null for the shell form.</summary>
    public static string[]? ExecForm(Instruction instruction)
    {
        if (!instruction.Arguments.StartsWith('[')) return null;
        return JsonSerializer.Deserialize<string[]>(instruction.Arguments);
    }

    /// <summary>The final stage's ENV, in the <c>K=V K2=V2</c> form (values without spaces or quotes).</summary>
    public IReadOnlyDictionary<string, string> RuntimeEnvironment =>
        Final.All("ENV").SelectMany(e => EnvPair().Matches(e.Arguments)).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S*)")]
    private static partial Regex EnvPair();
}
