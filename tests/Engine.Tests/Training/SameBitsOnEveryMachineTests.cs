using System.Security.Cryptography;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Tensors;
using Tuner.Engine.Tests.Support;
using Tuner.Engine.Training;
using static Tuner.Engine.Tests.Support.ToyTraining;

namespace Tuner.Engine.Tests.Training;

/// <summary>Same spec and seed, same bits on every machine: a forecaster and a bidirectional text model train to the same
/// weights and losses, bit for bit, on every path whose multiply-adds are fused — AVX-512, AVX2, ARM64's NEON
/// (<c>./build.sh test-arm64</c>) and scalar — so a trial resumed on another kind of worker goes on exactly as it would have
/// where it started. x86's Vector128 path without FMA rounds products and sums apart: it has bits of its own, fixed too.</summary>
/// <remarks>A change to the engine's arithmetic changes these digests on purpose: then record the ones the failure prints,
/// after checking that every path still agrees (./build.sh test runs them all).</remarks>
public sealed class SameBitsOnEveryMachineTests
{
    /// <summary>The clipped ones clip every step (the gradient's norm is well above 0.05): its norm is a sum too.</summary>
    [Theory]
    [InlineData(CellType.Lstm, false, "82a25fc656a3b450", "8f5d0f705ecb2b8e")]
    [InlineData(CellType.Gru, false, "05f2b7c894605347", "452aae4c171587b0")]
    [InlineData(CellType.Lstm, true, "3a4db5f57042c07c", "2c812d1e37dcd0fb")]
    public void A_forecaster_trains_to_the_recorded_bits(CellType cell, bool clipped, string fused, string unfused)
    {
        using var session = TrainingSession.Create(Forecaster(cell), OptimizerSpec.Adam(3e-3f) with { ClipNorm = clipped ? 0.05f : null }, batchSize: 16, seed: 11);
        session.Train(Sine(), untilEpoch: 3);
        AssertRecorded(session, fused, unfused);
    }

    [Theory]
    [InlineData(CellType.Lstm, "2139f78e88b646f1", "7eb9b9a7b4fa1684")]
    [InlineData(CellType.Gru, "3b70435544732d35", "4f834fd66d23433f")]
    public void A_bidirectional_text_model_trains_to_the_recorded_bits(CellType cell, string fused, string unfused)
    {
        var (train, validation, vocabulary) = Text();
        using var session = TrainingSession.Create(TextModel(cell, vocabulary), OptimizerSpec.Adam(3e-3f), batchSize: 16, seed: 21);
        session.Train(train, validation, untilEpoch: 3);
        AssertRecorded(session, fused, unfused);
    }

    /// <summary>The sigmoid head computes its loss and gradient in double precision with the C library's exp and log, whose
    /// x86-64 (FMA) and ARM64 builds are one algorithm.</summary>
    [Theory]
    [InlineData(CellType.Lstm, "5754450c77e1d430", "ab7705ff3ee5f404")]
    public void A_sentiment_classifier_trains_to_the_recorded_bits(CellType cell, string fused, string unfused)
    {
        var (train, validation) = ToyTokenData.Sentiment(train: 96, validation: 32);
        var model = new ModelSpec(cell, 1, 8, Dropout: 0.2f, RecurrentDropout: 0.2f, L2: 1e-4f,
            Embedding: new EmbeddingSpec(30, 5), Head: HeadKind.Sigmoid);
        using var session = TrainingSession.Create(model, OptimizerSpec.Adam(3e-3f), batchSize: 16, seed: 5);
        session.Train(train, validation, untilEpoch: 3);
        AssertRecorded(session, fused, unfused);
    }

    private static void AssertRecorded(TrainingSession session, string fused, string unfused)
    {
        var expected = GemmDriver.FusesMultiplyAdd(GemmDriver.BestIsa) ? fused : unfused;
        var actual = Digest(session);
        Assert.True(expected == actual,
            $"with {EngineInstructionSet.Describe()}, training gave {actual}, recorded {expected}; val_loss by epoch: "
            + string.Join(", ", session.History.Select(e => e.ValLoss?.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
    }

    /// <summary>SHA-256 of every weight and every epoch's losses and accuracies, as bits.</summary>
    private static string Digest(TrainingSession session)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var value in session.Model.Parameters.Values) hash.AppendData(BitConverter.GetBytes(value));
        foreach (var epoch in session.History)
            foreach (var value in new[] { epoch.Loss, epoch.ValLoss ?? double.NaN, epoch.Accuracy ?? double.NaN, epoch.ValAccuracy ?? double.NaN })
                hash.AppendData(BitConverter.GetBytes(value));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
