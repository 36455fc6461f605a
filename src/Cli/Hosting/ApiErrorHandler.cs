using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Serilog;

namespace Tuner.Cli.Hosting;

/// <summary>The API's last line: an unreachable coordinator is a 503 with a message, anything else a
/// 500 with a reference to the log — never a stack trace to the client.</summary>
internal static class ApiErrorHandler
{
    public static async Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, message) = error switch
        {
            AskTimeoutException or TaskCanceledException => (StatusCodes.Status503ServiceUnavailable, "the coordinator did not answer in time; retry shortly"),
            BadHttpRequestException bad => (bad.StatusCode, $"bad request: {bad.Message}"),
            _ => (StatusCodes.Status500InternalServerError, $"internal error (logged as {context.TraceIdentifier})"),
        };
        if (status >= 500) Log.Error(error, "API request {Method} {Path} failed ({TraceId})", context.Request.Method, context.Request.Path.Value, context.TraceIdentifier);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { errors = new[] { message } }));
    }
}
