namespace Tuner.Engine.Tensors;

/// <summary>
/// The height of a micro-tile as a type, so each height gets its own compiled kernel with only the
/// accumulators it uses (<c>if (TRows.Count &gt; 3)</c> is a constant once the JIT specialises it).
/// </summary>
internal interface IGemmRows
{
    static abstract int Count { get; }
}

internal struct GemmRows1 : IGemmRows { public static int Count => 1; }

internal struct GemmRows2 : IGemmRows { public static int Count => 2; }

internal struct GemmRows3 : IGemmRows { public static int Count => 3; }

internal struct GemmRows4 : IGemmRows { public static int Count => 4; }

internal struct GemmRows5 : IGemmRows { public static int Count => 5; }

internal struct GemmRows6 : IGemmRows { public static int Count => 6; }
