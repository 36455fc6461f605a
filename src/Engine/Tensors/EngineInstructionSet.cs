using System.Runtime.InteropServices;

namespace Tuner.Engine.Tensors;

/// <summary>The instruction-set path the engine's kernels take on this machine, for people reading <c>tuner info</c>: which
/// path a figure or a bug report belongs to (the runtime's switches, e.g. DOTNET_EnableAVX512=0, change it).</summary>
public static class EngineInstructionSet
{
    /// <summary>One line: the path, what it runs as on which architecture, and whether its multiply-adds are fused (rounded once).</summary>
    public static string Describe()
    {
        var isa = GemmDriver.BestIsa;
        var architecture = RuntimeInformation.ProcessArchitecture;
        var hardware = isa == GemmIsa.Vector128 ? architecture == Architecture.Arm64 ? " (NEON)" : " (SSE)" : "";
        var fused = isa == GemmIsa.Scalar ? "" : GemmDriver.FusesMultiplyAdd(isa) ? ", fused multiply-add" : ", multiply then add";
        return $"{isa} kernels{hardware} on {architecture}{fused}";
    }
}
