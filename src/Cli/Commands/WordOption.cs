using System.CommandLine;

namespace Tuner.Cli.Commands;

/// <summary>An option that takes one of a few words (<c>--format json|csv</c>), refused at parse time in the commands'
/// own wording — "--format: must be json or csv (got 'xml')" — where the library's said "Argument 'xml' not
/// recognized" without naming the option.</summary>
internal static class WordOption
{
    public static Option<string> OneOf(this Option<string> option, params string[] words)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var value }] && !words.Contains(value, StringComparer.Ordinal))
                result.AddError($"{option.Name}: must be {string.Join(", ", words[..^1])} or {words[^1]} (got '{Contracts.EchoedText.Of(value)}')");
        });
        return option;
    }
}
