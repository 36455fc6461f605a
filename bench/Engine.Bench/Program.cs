// Replaced by the engine benchmark (issue: the vectorized LSTM/GRU engine).
Console.Error.WriteLine("Engine.Bench: not built yet");
return 1;
