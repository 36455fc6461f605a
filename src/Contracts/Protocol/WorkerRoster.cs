using System.Text.Json.Serialization;

namespace Tuner.Contracts.Protocol;

/// <summary><c>GET /api/workers</c>, as the coordinator writes it and clients read it: the workers the coordinator hears
/// from, and the coordinators' Akka addresses a new worker's <c>--seeds</c> would name (none in local mode; null from a
/// coordinator older than the field).</summary>
public sealed record WorkerRoster(
    [property: JsonPropertyName("workers")] IReadOnlyList<WorkerSlots> Workers,
    [property: JsonPropertyName("seeds")] IReadOnlyList<string>? Seeds = null);
