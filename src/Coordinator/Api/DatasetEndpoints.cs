using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Metrics;

namespace Tuner.Coordinator.Api;

/// <summary><c>PUT /api/datasets</c> (PRODUCT.md §9): the body — a CSV of any size up to TUNER_MAX_DATASET_BYTES — is
/// streamed into the blob store in 64 KiB pieces while its SHA-256 is computed, never held whole; the answer is
/// <c>201 {"id": "sha256:…", "bytes": N}</c>, the id a job names in <c>data.dataset</c>. <c>GET /api/datasets/{id}</c>
/// tells whether it is there (<c>tuner submit</c> skips an upload the coordinator already has). A body over the limit is
/// a 413 naming the limit and the variable that raises it — before a byte is read when Content-Length says so (a client
/// sending <c>Expect: 100-continue</c>, as curl and <c>tuner submit</c> do, then sends nothing), else as soon as the limit
/// is passed.</summary>
internal static class DatasetEndpoints
{
    private const int PieceSize = BlobProtocol.ChunkSize;

    public static void MapDatasets(this RouteGroupBuilder api, ApiOptions options)
    {
        api.MapPut("/datasets", (Delegate)((HttpContext http) => UploadAsync(http, options)));
        api.MapGet("/datasets/{id}", async (string id, CancellationToken ct) =>
        {
            if (!DatasetIds.IsValid(id))
                return ApiResults.Errors(StatusCodes.Status400BadRequest, $"'{Contracts.EchoedText.Of(id)}' is not a dataset id; PUT /api/datasets answers one, e.g. {DatasetIds.Example}");
            var slice = options.Datasets is { } store ? await store.ReadSliceAsync(BlobProtocol.Ids.Dataset(DatasetIds.Hex(id)), 0, 1, ct) : null;
            return slice is null
                ? ApiResults.Errors(StatusCodes.Status404NotFound, $"no dataset {id}; upload it with PUT /api/datasets")
                : ApiResults.Json(new DatasetAnswer(id, slice.Length));
        });
    }

    private static async Task<IResult> UploadAsync(HttpContext http, ApiOptions options)
    {
        var ct = http.RequestAborted;
        if (options.Datasets is not { } store)
            return ApiResults.Errors(StatusCodes.Status503ServiceUnavailable, "this coordinator has no dataset store");
        var limit = options.MaxDatasetBytes;
        if (http.Request.ContentLength > limit) return TooLarge(limit, http.Request.ContentLength);
        if (http.Request.ContentLength == 0) return Empty();
        if (ContentEncodingCheck.Refusal(http.Request, "CSV") is { } compressed) return compressed;
        // Stored as sent and read as UTF-8 when a job names it.
        if (CharsetCheck.Refusal(http.Request, "CSV") is { } charset) return charset;
        // The API's general limit (TUNER_MAX_BODY_BYTES) is for JSON; a dataset has its own, counted below.
        BodyReader.CountedHere(http);

        var buffer = ArrayPool<byte>.Shared.Rent(PieceSize);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var writer = await store.CreateAsync(ct);
            long total = 0;
            while (true)
            {
                int filled = 0, read;
                // Whole pieces: the store writes them as they come.
                while (filled < PieceSize && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(filled, PieceSize - filled), ct)) > 0) filled += read;
                if (filled == 0) break;
                total += filled;
                if (total > limit) return TooLarge(limit, null);
                sha.AppendData(buffer, 0, filled);
                await writer.WriteAsync(buffer.AsMemory(0, filled), ct);
            }
            if (total == 0) return Empty();
            var id = DatasetIds.Of(Convert.ToHexStringLower(sha.GetHashAndReset()));
            await writer.CommitAsync(BlobProtocol.Ids.Dataset(DatasetIds.Hex(id)), ct);
            TunerMetrics.DatasetBytes.Inc(total);
            return ApiResults.Json(new DatasetAnswer(id, total), StatusCodes.Status201Created);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult TooLarge(long limit, long? length) =>
        ApiResults.Errors(StatusCodes.Status413PayloadTooLarge,
            $"the dataset{(length is { } n ? $" ({n} bytes)" : "")} exceeds the coordinator's limit of {limit} bytes ({Contracts.ByteSize.Of(limit)}); raise TUNER_MAX_DATASET_BYTES on the coordinator to upload it");

    private static IResult Empty() => ApiResults.Errors(StatusCodes.Status400BadRequest, "the dataset is empty; send the CSV as the request body");

    private sealed record DatasetAnswer(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("bytes")] long Bytes);
}
