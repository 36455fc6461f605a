using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Tests.Tensors;

/// <summary>
/// The test command runs the engine's tests once more per instruction-set path (build.sh:
/// DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0, DOTNET_EnableHWIntrinsic=0) and names the path it
/// expects in TUNER_EXPECT_ISA. This fails when the runtime ignored the switch — .NET 10 renamed
/// DOTNET_EnableAVX512F to DOTNET_EnableAVX512, for one — and another path was tested in its place.
/// </summary>
public class IsaPathTests
{
    [Fact]
    public void The_engine_runs_the_path_the_test_command_asked_for()
    {
        var expected = Environment.GetEnvironmentVariable("TUNER_EXPECT_ISA");
        if (string.IsNullOrEmpty(expected)) return; // a plain `dotnet test`: whatever this machine has

        Assert.Equal(expected, GemmDriver.BestIsa.ToString());
        // The element-wise kernels and the optimizers take the widest accelerated vector: the same path.
        var widest = Vector512.IsHardwareAccelerated ? "Avx512"
            : Vector256.IsHardwareAccelerated ? "Avx2"
            : Vector128.IsHardwareAccelerated ? "Vector128"
            : "Scalar";
        Assert.Equal(expected, widest);
        // What `tuner info` says of it: ARM64 runs the Vector128 path as NEON with fused multiply-adds, x86 as SSE without.
        var described = EngineInstructionSet.Describe();
        Assert.StartsWith($"{expected} kernels", described);
        if (expected == "Vector128")
            Assert.EndsWith(RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "(NEON) on Arm64, fused multiply-add" : "(SSE) on X64, multiply then add", described);
    }
}
