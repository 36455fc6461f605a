namespace Tuner.Engine.Tensors;

/// <summary>
/// A small count as a type — the rows of a micro-tile, the columns of a skinny product — so each count
/// gets its own compiled kernel with only the accumulators it uses (<c>if (TCount.Value &gt; 3)</c> is a
/// constant once the JIT specialises it).
/// </summary>
internal interface IGemmCount
{
    static abstract int Value { get; }
}

internal struct GemmCount1 : IGemmCount { public static int Value => 1; }

internal struct GemmCount2 : IGemmCount { public static int Value => 2; }

internal struct GemmCount3 : IGemmCount { public static int Value => 3; }

internal struct GemmCount4 : IGemmCount { public static int Value => 4; }

internal struct GemmCount5 : IGemmCount { public static int Value => 5; }

internal struct GemmCount6 : IGemmCount { public static int Value => 6; }

internal struct GemmCount7 : IGemmCount { public static int Value => 7; }

internal struct GemmCount8 : IGemmCount { public static int Value => 8; }
