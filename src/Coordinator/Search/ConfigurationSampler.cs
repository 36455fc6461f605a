using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>Draws trial configurations, each from its own random stream named after the trial's place in the
/// search (<c>random/trial/7</c>), derived from the job seed.</summary>
/// <remarks>One stream per trial rather than one shared stream: a trial's configuration then depends only on
/// the seed and its place, never on the order in which concurrent work finished, and recovery needs no saved
/// generator state. Like Keras Tuner, a draw that repeats an earlier configuration is retried (up to
/// <see cref="Attempts"/> draws from the same stream).</remarks>
internal static class ConfigurationSampler
{
    public const int Attempts = 100;

    /// <summary>A configuration not in <paramref name="seen"/>; when every attempt repeats one, the first draw if
    /// <paramref name="allowRepeat"/>, else null (the space is exhausted).</summary>
    public static Hyperparameters? Draw(SearchContext context, string stream, IReadOnlySet<Hyperparameters> seen, bool allowRepeat)
    {
        var random = DeterministicRandom.ForStream(context.Seed, stream);
        Hyperparameters? first = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var configuration = context.Space.Sample(random);
            if (!seen.Contains(configuration)) return configuration;
            first ??= configuration;
        }
        return allowRepeat ? first : null;
    }
}
