using Akka.Actor;
using Serilog;

namespace Tuner.Cli.Hosting;

/// <summary>A node's exit code from why its actor system shut down: 1 when the cluster ended it (downed by the split-brain
/// resolver, or its seeds never answered), so that a supervisor such as systemd's <c>Restart=on-failure</c> starts it
/// again; 0 for a requested stop (a signal, a graceful leave). Both ends logged <c>[ExitCode:…]</c> and exited 0.</summary>
internal static class NodeExitCode
{
    public static int Of(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClusterDowningReason => ExitCodes.RuntimeFailure,
        CoordinatedShutdown.ClusterJoinUnsuccessfulReason => ExitCodes.RuntimeFailure,
        _ => ExitCodes.Success,
    };

    /// <summary>The code for <paramref name="services"/>' actor system, saying why when it is not 0.</summary>
    public static int Of(IServiceProvider services)
    {
        var system = services.GetService(typeof(ActorSystem)) as ActorSystem;
        var reason = system is null ? null : CoordinatedShutdown.Get(system).ShutdownReason;
        var code = Of(reason);
        if (code != ExitCodes.Success)
            Log.Error("The node ended because {Why}; exit {ExitCode}", reason is CoordinatedShutdown.ClusterDowningReason
                ? "the cluster downed it (it was unreachable to the others, or on the losing side of a partition)"
                : "it could not join the cluster: no seed answered", code);
        return code;
    }
}
