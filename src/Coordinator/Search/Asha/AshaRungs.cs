namespace Tuner.Coordinator.Search.Asha;

/// <summary>ASHA's rungs: epochs minEpochs·η^k for k = 0, 1, … while below maxEpochs, then maxEpochs itself,
/// so the best trials always train the full budget (e.g. 1, 3, 9, 27, 50 for r = 1, η = 3, R = 50).</summary>
public static class AshaRungs
{
    public static IReadOnlyList<int> Epochs(int minEpochs, int maxEpochs, int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, minEpochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 2);
        var rungs = new List<int>();
        for (long epochs = minEpochs; epochs < maxEpochs; epochs *= factor) rungs.Add((int)epochs);
        rungs.Add(maxEpochs);
        return rungs;
    }
}
