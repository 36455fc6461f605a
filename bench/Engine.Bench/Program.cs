// Engine benchmarks. One mode per file; this file only dispatches.
//   dotnet run -c Release --project bench/Engine.Bench -- gemm [options]   (see GemmBench.cs)
using Tuner.Engine.Bench;

if (args.Length > 0 && args[0] == "gemm") return GemmBench.Run(args[1..]);

Console.Error.WriteLine("usage: Engine.Bench gemm [--threads 1,2] [--reps 5] [--shapes all|targets|lstm|NAME,...] [--backends managed,managed-general,openblas]");
return 1;
