using System.Runtime.CompilerServices;

namespace Tuner.Tests.Shared;

/// <summary>TestKit's synchronous expectations block a pool thread while actors need others; on 2 cores a fresh
/// process's pool then adds a thread only every half second or so, which stretched a 250 ms ExpectNoMsg window (WorkerActorTests) to
/// 650-700 ms when a timing test ran alone (with other tests before it the pool had already grown). Enough threads
/// from the start keep the windows what the tests say.</summary>
internal static class ThreadPoolWarmth
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));
    }
}
