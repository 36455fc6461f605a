using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Engine.Data;
using Tuner.Runtime.Blobs;
using Tuner.Training;

namespace Tuner.Worker;

/// <summary>The prepared datasets of the jobs this worker trains, kept in memory up to a budget of bytes (least
/// recently used first out; the one asked for last always stays, however big). Sine and weather series are generated
/// from the spec; a csv or text job's text is fetched from the blob store by its content-hash id and checked against it.
/// Concurrent requests for one dataset share one fetch; a failed fetch is not cached, so the next request tries again.
/// A dataset evicted while trials use it stays in memory until they end: the budget bounds what the cache keeps for
/// later, not what training holds.</summary>
public sealed class DatasetCache
{
    /// <summary>The default budget: 512 MiB, a quarter of the manifests' 2 GiB worker.</summary>
    public const long DefaultBudgetBytes = 512L << 20;

    private readonly IBlobStore _blobs;
    private readonly long _budget;
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;

    /// <param name="budgetBytes">The most the prepared samples kept may hold (see <see cref="SizeOf"/>).</param>
    public DatasetCache(IBlobStore blobs, long budgetBytes = DefaultBudgetBytes)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, 1);
        _blobs = blobs;
        _budget = budgetBytes;
    }

    /// <summary>Datasets held now (prepared or being prepared).</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Bytes the prepared datasets held now take (one being prepared counts once it is ready).</summary>
    public long Bytes
    {
        get { lock (_gate) return _bytes; }
    }

    /// <summary>What a prepared dataset holds in memory: the values its samples and labels read, 4 bytes each (the rows
    /// a training and a validation set of one series share count in both).</summary>
    public static long SizeOf(TaskData data) => 4L * (data.Train.RetainedValues + (data.Validation?.RetainedValues ?? 0));

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
                // Its callers see it once the cache has counted it (and evicted for it), so what they see next is settled.
                var ready = new TaskCompletionSource<TaskData>(TaskCreationOptions.RunContinuationsAsynchronously);
                task = ready.Task;
                _entries[key] = _recency.AddFirst(new Entry(key, task));
                _ = Task.Run(async () =>
                {
                    try
                    {
                        var data = await LoadAsync(spec, dataBlob).ConfigureAwait(false);
                        Loaded(key, task, data);
                        ready.SetResult(data);
                    }
                    catch (Exception e)
                    {
                        Loaded(key, task, null);
                        ready.SetException(e);
                    }
                }, CancellationToken.None);
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

    /// <summary>A load ended: a failed one is forgotten; a prepared one counts its bytes, and the least recently used
    /// others leave until the cache is within its budget again.</summary>
    private void Loaded(string key, Task<TaskData> load, TaskData? data)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node) || node.Value.Data != load) return;
            if (data is null)
            {
                Remove(node);
                return;
            }
            node.Value.Bytes = SizeOf(data);
            _bytes += node.Value.Bytes;
            for (var last = _recency.Last; _bytes > _budget && last is not null && last != _recency.First;)
            {
                var previous = last.Previous;
                if (last.Value.Bytes > 0) Remove(last); // one still loading has no size yet: it is judged when it is ready
                last = previous;
            }
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _entries.Remove(node.Value.Key);
        _recency.Remove(node);
        _bytes -= node.Value.Bytes;
    }

    private sealed class Entry(string key, Task<TaskData> data)
    {
        public string Key { get; } = key;
        public Task<TaskData> Data { get; } = data;
        public long Bytes { get; set; }
    }
}
