using System.CommandLine;
using System.CommandLine.Parsing;

namespace Tuner.Cli.Commands;

/// <summary>Refuses an empty value at parse time, naming the argument or option and what to give: a script's
/// <c>"$VAR"</c> that was never set reached the file system as "" ("The value cannot be an empty string. (Parameter
/// 'path')", exit 1) or printed ": file not found".</summary>
internal static class NonEmptyValue
{
    public static Argument<string> NotEmpty(this Argument<string> argument, string give)
    {
        argument.Validators.Add(Check<ArgumentResult>(argument.Name, give));
        return argument;
    }

    public static TOption NotEmpty<TOption>(this TOption option, string give) where TOption : Option
    {
        option.Validators.Add(Check<OptionResult>(option.Name, give));
        return option;
    }

    private static Action<TResult> Check<TResult>(string name, string give) where TResult : SymbolResult => result =>
    {
        if (result.Tokens is [{ Value: var value }] && string.IsNullOrWhiteSpace(value)) result.AddError($"{name}: must not be empty; give {give}");
    };
}
