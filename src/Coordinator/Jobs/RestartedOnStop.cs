using Akka.Actor;
using Akka.Pattern;

namespace Tuner.Coordinator.Jobs;

/// <summary>A persistent actor under a backoff supervisor that starts it again whenever it stops (a failed recovery or
/// journal write stops a persistent actor for good), after <see cref="CoordinatorSettings.JobRestartMinBackoff"/> up
/// to <see cref="CoordinatorSettings.JobRestartMaxBackoff"/>; a message matching the final stop stops both.</summary>
internal static class RestartedOnStop
{
    public static Props Props(Props child, string childName, CoordinatorSettings settings, Func<object, bool> finalStop) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(child, childName, settings.JobRestartMinBackoff, settings.JobRestartMaxBackoff, 0.2, maxNrOfRetries: -1)
                .WithFinalStopMessage(finalStop));
}
