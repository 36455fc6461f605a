using Akka.Actor;
using Serilog;

namespace Tuner.Cli.Hosting;

/// <summary>A node's exit code: 0 for a stop it was asked for (SIGTERM, Ctrl-C), 1 when it ended by itself — downed by the
/// split-brain resolver, its seeds never answered, or a worker whose coordinators are all gone left — so that a supervisor
/// such as systemd's <c>Restart=on-failure</c> starts it again. It exited 0 either way. Akka's shutdown reason does not
/// tell the two apart (a graceful leave on SIGTERM ends with the downing reason too); it only says why.</summary>
internal static class NodeExitCode
{
    public static int Of(bool stopRequested) => stopRequested ? ExitCodes.Success : ExitCodes.RuntimeFailure;

    /// <summary>Why a node ended without being asked, in words.</summary>
    public static string Why(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClusterJoinUnsuccessfulReason => "it could not join the cluster: no seed answered",
        CoordinatedShutdown.ClusterLeavingReason => "it left the cluster",
        CoordinatedShutdown.ClusterDowningReason => "the cluster removed it (downed, or it left)",
        _ => "its actor system shut down",
    };

    /// <summary>The code for a node whose host has stopped, logging why when the stop was not asked for.</summary>
    public static int Of(IServiceProvider services, bool stopRequested)
    {
        var code = Of(stopRequested);
        if (code == ExitCodes.Success) return code;
        var system = services.GetService(typeof(ActorSystem)) as ActorSystem;
        Log.Warning("The node ended by itself: {Why}; exit {ExitCode} (a supervisor should start it again)",
            Why(system is null ? null : CoordinatedShutdown.Get(system).ShutdownReason), code);
        return code;
    }
}
