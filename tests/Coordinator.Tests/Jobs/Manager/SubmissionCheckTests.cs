using Tuner.Contracts;
using Tuner.Coordinator.Jobs.Manager;

namespace Tuner.Coordinator.Tests.Jobs.Manager;

public sealed class SubmissionCheckTests
{
    private static string Sine(int length, int window, string searchSpace = """{ "units": { "type": "int", "min": 8, "max": 16, "step": 8 } }""") => $$"""
        {
          "name": "long-sine",
          "data": { "kind": "sine", "length": {{length}}, "noise": 0.1 },
          "window": {{window}},
          "searchSpace": {{searchSpace}},
          "algorithm": { "type": "random", "maxTrials": 1, "epochs": 1 }
        }
        """;

    [Fact]
    public void A_long_series_is_checked_without_building_its_windows()
    {
        // 1,000,000 points × window 100: 400 MB of windows; the series itself is 8 MB.
        var json = Sine(1_000_000, 100);
        var before = GC.GetAllocatedBytesForCurrentThread();

        SubmissionCheck.Run(json);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L << 20, $"the check allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Windows_more_than_one_array_holds_together_are_accepted_as_training_reads_them_in_place()
    {
        // 10,000,000 points × window 300: 3·10⁹ window values, which no copy holds any more (a batch at a time is gathered).
        SubmissionCheck.Run(Sine(10_000_000, 300));
    }
}
