using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Tuner.Coordinator.Api;

/// <summary>Routes that answer <c>HEAD</c> as well as <c>GET</c>: uptime checkers and load balancers probe with
/// <c>HEAD</c>, and a route mapped with <c>MapGet</c> alone answers them 405. Kestrel sends a HEAD answer's status
/// and headers and drops its body. Only for short answers (probes, metrics, the dashboard's assets): a streamed one
/// would run to its end for nothing.</summary>
public static class GetAndHeadRoutes
{
    private static readonly string[] Methods = ["GET", "HEAD"];

    public static RouteHandlerBuilder MapGetAndHead(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
        routes.MapMethods(pattern, Methods, handler);
}
