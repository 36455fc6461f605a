namespace Tuner.Engine.Models;

/// <summary>The recurrent cell of a model.</summary>
public enum CellType
{
    Lstm,
    Gru,
}
