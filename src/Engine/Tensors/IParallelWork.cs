namespace Tuner.Engine.Tensors;

/// <summary>
/// A piece of work that <see cref="ComputeTeam.Run"/> splits into <c>parts</c> independent parts.
/// </summary>
/// <remarks>
/// Implement it on a reusable object (one per layer or per kernel, created once) so that a call
/// allocates nothing. Each part is executed exactly once, on some thread of the team; parts run
/// concurrently, so they must write disjoint memory. Which thread runs a part is not fixed: a
/// deterministic result must depend only on <c>part</c> and <c>parts</c>.
/// </remarks>
public interface IParallelWork
{
    /// <summary>Executes part <paramref name="part"/> (0-based) of <paramref name="parts"/>.</summary>
    void Execute(int part, int parts);
}
