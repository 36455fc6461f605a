using Tuner.Engine.Tensors;

namespace Tuner.Engine.Tests.Tensors;

public class ComputeTeamTests
{
    private sealed class CountParts(int parts) : IParallelWork
    {
        public readonly int[] Hits = new int[parts];
        public readonly HashSet<int> Threads = [];

        public void Execute(int part, int total)
        {
            Assert.Equal(Hits.Length, total);
            Interlocked.Increment(ref Hits[part]);
            lock (Threads) Threads.Add(Environment.CurrentManagedThreadId);
            Thread.SpinWait(2000);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 37)]
    [InlineData(3, 8)]
    public void Every_part_runs_exactly_once(int threads, int parts)
    {
        using var team = new ComputeTeam(threads);
        for (var run = 0; run < 200; run++)
        {
            var work = new CountParts(parts);
            team.Run(parts, work);
            Assert.All(work.Hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void A_team_of_one_runs_on_the_caller()
    {
        using var team = new ComputeTeam(1);
        var work = new CountParts(4);
        team.Run(4, work);
        Assert.Equal([Environment.CurrentManagedThreadId], work.Threads);
    }

    [Fact]
    public void Workers_take_parts_and_survive_a_pause_long_enough_to_block()
    {
        using var team = new ComputeTeam(2);
        var sawWorker = false;
        for (var run = 0; run < 50 && !sawWorker; run++)
        {
            var work = new CountParts(8);
            team.Run(8, work);
            sawWorker = work.Threads.Count > 1;
        }
        Assert.True(sawWorker, "the worker never took a part");

        Thread.Sleep(50); // the worker stops spinning and blocks
        var after = new CountParts(8);
        team.Run(8, after);
        Assert.All(after.Hits, h => Assert.Equal(1, h));
    }

    private sealed class Throws : IParallelWork
    {
        public void Execute(int part, int parts)
        {
            if (part == 1) throw new InvalidOperationException("part 1 failed");
        }
    }

    [Fact]
    public void An_exception_in_a_part_reaches_the_caller_and_the_team_stays_usable()
    {
        using var team = new ComputeTeam(2);
        var e = Assert.Throws<InvalidOperationException>(() => team.Run(4, new Throws()));
        Assert.Equal("part 1 failed", e.Message);
        var work = new CountParts(4);
        team.Run(4, work);
        Assert.All(work.Hits, h => Assert.Equal(1, h));
    }

    private sealed class Nested(ComputeTeam team) : IParallelWork
    {
        public readonly CountParts Inner = new(6);
        private int _once;

        public void Execute(int part, int parts)
        {
            if (Interlocked.Exchange(ref _once, 1) == 0) team.Run(6, Inner);
        }
    }

    [Fact]
    public void A_nested_run_executes_inline_instead_of_deadlocking()
    {
        using var team = new ComputeTeam(2);
        var nested = new Nested(team);
        team.Run(2, nested);
        Assert.All(nested.Inner.Hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void After_dispose_runs_execute_inline()
    {
        var team = new ComputeTeam(2);
        team.Dispose();
        team.Dispose();
        var work = new CountParts(3);
        team.Run(3, work);
        Assert.All(work.Hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_the_values()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ComputeTeam(0));
        Assert.Contains("threads = 0", e.Message);
        using var team = new ComputeTeam(1);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => team.Run(-2, new CountParts(1)));
        Assert.Contains("parts = -2", e.Message);
    }
}
