// tuner-noop-worker: `tuner worker` whose trials finish at once with a synthetic curve (NoOpTraining), so the
// coordinator's dispatch rate and API can be measured and tested without training. Same options as `tuner worker`:
//   dotnet tuner-noop-worker.dll worker --seeds akka.tcp://tuner@HOST:PORT [--hostname H] [--port P] [--slots N]
using Tuner.Bench;
using Tuner.Cli;
using Tuner.Cli.Commands;

return await TunerCli.RunAsync(TunerCli.BuildRoot([NodeCommands.Worker(NoOpTraining.Train)]), args);
