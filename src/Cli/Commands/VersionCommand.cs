using System.CommandLine;
using System.Numerics;
using System.Reflection;
using System.Runtime.Intrinsics;
using Tuner.Contracts;
using Tuner.Engine.Tensors;
using Tuner.Training;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner info</c>: version, runtime, the memory objects may take, and the instruction-set path and SIMD width the engine uses.</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print Tuner's version, the .NET runtime and the CPU features the engine uses.");
        command.SetAction(_ => TunerCli.Guard(async () =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            await Console.Out.WriteLineAsync($"tuner {version}");
            await Console.Out.WriteLineAsync($"runtime {Environment.Version}, {Environment.ProcessorCount} processors, {ByteSize.Of(MemoryLimit.Bytes)} for objects (the GC heap limit)");
            await Console.Out.WriteLineAsync($"engine: {EngineInstructionSet.Describe()}");
            await Console.Out.WriteLineAsync($"simd: Vector<float> {Vector<float>.Count} lanes, Vector256 {Vector256.IsHardwareAccelerated}, Vector512 {Vector512.IsHardwareAccelerated}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
