using Tuner.Cli;

return await TunerCli.RunAsync(args);
