using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tuner.Contracts.Protocol;

namespace Tuner.Coordinator.Api;

/// <summary>The <c>Idempotency-Key</c> header of <c>POST /api/jobs</c> (the IETF httpapi draft's name; Stripe's
/// convention): a client that sends a submission again under the same key, because it never got the answer, is
/// answered with the job the first one made, and <see cref="ReplayedHeader"/> says so.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>Set to <c>true</c> on the answer to a key that had made its job already.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxLength = 255;

    /// <summary>The request's key with <paramref name="body"/>'s digest; null without the header or, with
    /// <paramref name="problem"/> set, when it is not a key.</summary>
    public static JobProtocol.SubmissionKey? Read(HttpRequest request, string body, out string? problem)
    {
        problem = null;
        var values = request.Headers[Name];
        if (values.Count == 0) return null;
        // The draft writes the key as a structured-field string ("…"); a bare token is what most clients send.
        var key = values.Count == 1 ? values[0]!.Trim() : "";
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"') key = key[1..^1];
        if (values.Count > 1 || key.Length is 0 or > MaxLength || !key.All(c => c is > ' ' and <= '~'))
        {
            problem = $"{Name} must be one value of 1 to {MaxLength} visible ASCII characters (got '{Contracts.EchoedText.Of(string.Join(", ", values.ToArray()))}'); send e.g. a new UUID with each job";
            return null;
        }
        return new JobProtocol.SubmissionKey(key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))));
    }
}
