using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tuner.Coordinator.Api.Dashboard;

/// <summary><c>GET /</c> (the dashboard page) and <c>GET /assets/NAME</c>, from <see cref="DashboardAssets"/>. The page
/// fetches everything else from the API; a strict Content-Security-Policy allows nothing but this origin.</summary>
internal static class DashboardEndpoints
{
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGetAndHead("/", () => Asset("index.html"));
        app.MapGetAndHead("/assets/{name}", (string name) => Asset(name));
    }

    private static IResult Asset(string name) =>
        name != "report.html" && DashboardAssets.Text(name) is { } text
            ? new AssetResult(text, DashboardAssets.ContentType(name))
            : ApiResults.Errors(StatusCodes.Status404NotFound, $"no dashboard asset '{Contracts.EchoedText.Of(name)}'");

    private sealed class AssetResult(string text, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = contentType;
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = Policy;
            return http.Response.WriteAsync(text);
        }
    }
}
