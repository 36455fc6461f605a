namespace Tuner.Coordinator.Search;

/// <summary>The answer to "what next?": a work item to run, nothing right now, or finished.</summary>
public abstract record SearchDecision
{
    private SearchDecision() { }

    /// <summary>Dispatch <paramref name="Item"/>; persist <see cref="Event"/> and apply it.</summary>
    public sealed record Run(WorkItem Item) : SearchDecision
    {
        /// <summary>The event that commits this decision.</summary>
        public WorkStarted Event => new(Item);
    }

    /// <summary>Nothing to start until some running work finishes (e.g. a Hyperband round is in progress).</summary>
    public sealed record NoneRightNow : SearchDecision
    {
        public static NoneRightNow Instance { get; } = new();
    }

    /// <summary>The search is over: nothing running, nothing left to start.</summary>
    public sealed record Finished : SearchDecision
    {
        public static Finished Instance { get; } = new();
    }
}
