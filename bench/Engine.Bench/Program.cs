// Engine benchmarks. One mode per file; this file only dispatches.
//   dotnet run -c Release --project bench/Engine.Bench -- [training options]   (TrainingBench.cs; the default)
//   dotnet run -c Release --project bench/Engine.Bench -- --model text [options] (TextBench.cs: the sentiment model)
//   dotnet run -c Release --project bench/Engine.Bench -- gemm [options]       (GemmBench.cs)
//   dotnet run -c Release --project bench/Engine.Bench -- compare [options]    (CompareBench.cs: vs PyTorch, in turns)
//   dotnet run -c Release --project bench/Engine.Bench -- slots [options]      (SlotsBench.cs: N trials on N cores)
using Tuner.Engine.Bench;

int model = Array.IndexOf(args, "--model");
string kind = model >= 0 && model + 1 < args.Length ? args[model + 1] : "regression";
return args.Length > 0 && args[0] == "gemm" ? GemmBench.Run(args[1..])
    : args.Length > 0 && args[0] == "compare" ? CompareBench.Run(args[1..])
    : args.Length > 0 && args[0] == "slots" ? SlotsBench.Run(args[1..])
    : kind == "text" ? TextBench.Run(args)
    : kind == "regression" ? TrainingBench.Run(model < 0 ? args : [.. args.Where((_, i) => i != model && i != model + 1)])
    : Fail($"--model: regression or text, got '{kind}'");

static int Fail(string message)
{
    Console.Error.WriteLine($"error: {message}");
    return 2;
}
