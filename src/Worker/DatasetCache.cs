using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Engine.Data;
using Tuner.Runtime.Blobs;
using Tuner.Training;

namespace Tuner.Worker;

/// <summary>The prepared datasets of the jobs this worker trains, kept in memory (least recently used
/// first out). Sine and weather series are generated from the spec; a csv or text job's text is fetched from
/// the blob store by its content-hash id and checked against it. Concurrent requests for one dataset
/// share one fetch; a failed fetch is not cached, so the next request tries again.</summary>
public sealed class DatasetCache
{
    private readonly IBlobStore _blobs;
    private readonly int _capacity;
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();

    public DatasetCache(IBlobStore blobs, int capacity = 4)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _blobs = blobs;
        _capacity = capacity;
    }

    /// <summary>Datasets held now (prepared or being prepared).</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>The dataset of <paramref name="spec"/>; <paramref name="dataBlob"/> is the blob id of a csv
    /// job's text (<c>data/&lt;sha256&gt;</c>). <paramref name="cancellation"/> stops this caller's wait only.</summary>
    /// <exception cref="InvalidInputException">The data is missing or does not fit the spec.</exception>
    public Task<TaskData> GetAsync(JobSpec spec, string? dataBlob, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = KeyOf(spec, dataBlob);
        Task<TaskData> task;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                task = node.Value.Data;
            }
            else
            {
                // Started outside any caller's token: other callers may be waiting for the same data.
                task = Task.Run(() => LoadAsync(spec, dataBlob), CancellationToken.None);
                _entries[key] = _recency.AddFirst(new Entry(key, task));
                while (_entries.Count > _capacity)
                {
                    _entries.Remove(_recency.Last!.Value.Key);
                    _recency.RemoveLast();
                }
                _ = task.ContinueWith(t => Forget(key, t), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
            }
        }
        return task.WaitAsync(cancellation);
    }

    /// <summary>The identity of a dataset: everything in the spec that shapes it, not the job's name or search.</summary>
    internal static string KeyOf(JobSpec spec, string? dataBlob)
    {
        var source = spec.Data switch
        {
            FileDataSpec file => $"{file.Kind}:{dataBlob ?? (file.Content is { } text && text != AssignmentSpec.ContentFromBlob ? "inline:" + Sha256(Encoding.UTF8.GetBytes(text)) : "path:" + file.Path)}"
                + (file is CsvDataSpec csv ? $":{csv.Target}:{string.Join(',', csv.Features)}:{csv.Text}:{csv.Label}" : ""),
            SyntheticDataSpec s => string.Create(CultureInfo.InvariantCulture, $"{s.Kind}:{s.Length}:{s.Noise:R}:{spec.Seed}"),
            _ => throw new InvalidInputException($"data: unknown kind {spec.Data.Kind}"),
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"{spec.Task}|{source}|w{spec.Window}|h{spec.Horizon}|v{spec.ValidationSplit:R}|{spec.Normalize}|{spec.Tokenizer}");
    }

    private async Task<TaskData> LoadAsync(JobSpec spec, string? dataBlob)
    {
        if (spec.Data is not FileDataSpec file) return JobData.Prepare(spec);
        if (dataBlob is null)
        {
            if (file.Content == AssignmentSpec.ContentFromBlob)
                throw new InvalidInputException($"data: the {file.Kind.Word()} job's assignment names no data blob");
            return JobData.Prepare(spec);
        }
        var bytes = await _blobs.GetAsync(dataBlob) ?? throw new InvalidInputException($"data: dataset {dataBlob} is not in the blob store");
        CheckHash(dataBlob, bytes);
        var text = JobData.DecodeUtf8(bytes, $"data: dataset {dataBlob}");
        return JobData.Prepare(spec with { Data = file with { Content = text, Path = null } });
    }

    /// <summary>A <c>data/&lt;sha256&gt;</c> id must name the SHA-256 of its bytes: the cache trusts the id.</summary>
    private static void CheckHash(string blobId, byte[] bytes)
    {
        var name = blobId[(blobId.LastIndexOf('/') + 1)..];
        if (name.Length != 64 || !name.All(char.IsAsciiHexDigit)) return;
        var actual = Sha256(bytes);
        if (!string.Equals(actual, name, StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException($"data: dataset {blobId} holds data whose SHA-256 is {actual}");
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private void Forget(string key, Task<TaskData> failed)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node) && node.Value.Data == failed)
            {
                _entries.Remove(key);
                _recency.Remove(node);
            }
        }
    }

    private sealed record Entry(string Key, Task<TaskData> Data);
}
