// tuner-noop-worker: `tuner worker` whose trials finish at once with a synthetic curve (NoOpTraining), so the
// coordinator's dispatch rate and API can be measured and tested without training. Same options as `tuner worker`:
//   dotnet tuner-noop-worker.dll worker --seeds akka.tcp://tuner@HOST:PORT [--hostname H] [--port P] [--slots N]
// TUNER_NOOP_EPOCH_REPORTS=1: also report every epoch as it "ends", as a real worker does (bench/Memory.Bench).
using Tuner.Bench;
using Tuner.Cli;
using Tuner.Cli.Commands;

var train = Environment.GetEnvironmentVariable("TUNER_NOOP_EPOCH_REPORTS") == "1" ? NoOpTraining.TrainReportingEpochs : NoOpTraining.Train;
return await TunerCli.RunAsync(TunerCli.BuildRoot([NodeCommands.Worker(train)]), args);
