using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Serilog;

namespace Tuner.Cli.Hosting;

/// <summary>The API's last line: an unreachable coordinator is a 503 with a message, anything else a
/// 500 with a reference to the log — never a stack trace to the client. A request Kestrel found broken (a body cut
/// off by a client that went away, a malformed chunk) is the client's fault: a 4xx, logged at debug level only.</summary>
internal static class ApiErrorHandler
{
    /// <summary>ASP.NET logs nothing of its own for what this handler answers: it logs each failure itself, once (ASP.NET
    /// logged every 503 a second time, with a stack trace).</summary>
    public static bool LoggedHere(ExceptionHandlerSuppressDiagnosticsContext context) => true;

    public static async Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, message) = error switch
        {
            AskTimeoutException or TaskCanceledException => (StatusCodes.Status503ServiceUnavailable, "the coordinator did not answer in time; retry shortly"),
            BadHttpRequestException bad => (bad.StatusCode, $"bad request: {bad.Message}"),
            _ => (StatusCodes.Status500InternalServerError, $"internal error (logged as {context.TraceIdentifier})"),
        };
        // A job manager that does not answer (a hand-over, another cluster holding its lease) is a state, not a bug: no stack.
        if (status == StatusCodes.Status503ServiceUnavailable)
            Log.Warning("API request {Method} {Path}: the job manager did not answer in time ({TraceId})", context.Request.Method, context.Request.Path.Value, context.TraceIdentifier);
        else if (status >= 500) Log.Error(error, "API request {Method} {Path} failed ({TraceId})", context.Request.Method, context.Request.Path.Value, context.TraceIdentifier);
        else Log.Debug("API request {Method} {Path} refused: {Reason}", context.Request.Method, context.Request.Path.Value, error?.Message);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { errors = new[] { message } }));
    }
}
