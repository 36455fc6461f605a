using Tuner.Engine.Bench;

// Engine benchmarks: training throughput (default) — see docs/benchmarks.md.
return TrainingBench.Run(args);
