namespace Tuner.Contracts;

/// <summary>Bad user input: every problem found, each naming the field (or row and column) and the fix.</summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    public InvalidInputException(string problem) : this([problem]) { }

    /// <summary>One line per problem, e.g. <c>searchSpace.units.step: must be &gt; 0</c>.</summary>
    public IReadOnlyList<string> Problems { get; }
}
