// Engine benchmarks. One mode per file; this file only dispatches.
//   dotnet run -c Release --project bench/Engine.Bench -- [training options]   (TrainingBench.cs; the default)
//   dotnet run -c Release --project bench/Engine.Bench -- gemm [options]       (GemmBench.cs)
using Tuner.Engine.Bench;

return args.Length > 0 && args[0] == "gemm" ? GemmBench.Run(args[1..]) : TrainingBench.Run(args);
