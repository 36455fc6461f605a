// Engine benchmarks. One mode per file; this file only dispatches.
//   dotnet run -c Release --project bench/Engine.Bench -- [training options]   (TrainingBench.cs; the default)
//   dotnet run -c Release --project bench/Engine.Bench -- gemm [options]       (GemmBench.cs)
//   dotnet run -c Release --project bench/Engine.Bench -- compare [options]    (CompareBench.cs: vs PyTorch, in turns)
//   dotnet run -c Release --project bench/Engine.Bench -- slots [options]      (SlotsBench.cs: N trials on N cores)
using Tuner.Engine.Bench;

if (args.Length > 0 && args[0] == "compare") return CompareBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "slots") return SlotsBench.Run(args[1..]);
return args.Length > 0 && args[0] == "gemm" ? GemmBench.Run(args[1..]) : TrainingBench.Run(args);
