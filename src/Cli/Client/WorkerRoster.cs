using System.Text.Json.Serialization;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Client;

/// <summary><c>GET /api/workers</c>: the workers the coordinator hears from, and the coordinators' Akka addresses a new
/// worker's <c>--seeds</c> would name (none in local mode, or from a coordinator older than the field).</summary>
public sealed record WorkerRoster(
    [property: JsonPropertyName("workers")] IReadOnlyList<WorkerSlots> Workers,
    [property: JsonPropertyName("seeds")] IReadOnlyList<string>? Seeds = null);
