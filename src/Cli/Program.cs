using Tuner.Cli;
using Tuner.Cli.Terminal;

KeypadMode.RestoreAtExit();
return await TunerCli.RunAsync(args);
