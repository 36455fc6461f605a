using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tuner.Coordinator.Api;

/// <summary>Checks <c>Authorization: Bearer &lt;token&gt;</c> on /api requests when a token is
/// configured. Compares SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so the time taken reveals neither the token nor its length.</summary>
internal sealed class BearerTokenCheck(string token)
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, _expected);
    }
}
