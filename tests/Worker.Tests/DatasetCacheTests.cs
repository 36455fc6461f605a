using System.Text;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Runtime.Blobs;
using Tuner.Worker.Tests.Support;
using Tuner.Training;

namespace Tuner.Worker.Tests;

public sealed class DatasetCacheTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FolderBlobStore _store;
    private readonly CountingBlobStore _counting;

    public DatasetCacheTests()
    {
        _store = new FolderBlobStore(_folder.Path);
        _counting = new CountingBlobStore(_store);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_sine_job_gets_the_series_its_spec_generates()
    {
        var spec = TestJobs.ParsedSine(length: 180);
        var cache = new DatasetCache(_counting);

        var data = await cache.GetAsync(spec, null);

        var expected = JobData.Prepare(spec);
        Assert.Equal(expected.Train.Count, data.Train.Count);
        Assert.Equal(expected.Validation!.Targets.ToArray(), data.Validation!.Targets.ToArray());
        Assert.Same(data, await cache.GetAsync(spec, null));
    }

    [Fact]
    public async Task A_csv_dataset_is_fetched_once_by_its_blob_id_for_concurrent_requests()
    {
        var csv = Encoding.UTF8.GetBytes(TestJobs.CsvText());
        var blobId = TestJobs.DatasetId(csv);
        await _store.PutAsync(blobId, csv);
        var spec = AssignmentSpec.Parse(TestJobs.CsvSpec());
        var cache = new DatasetCache(_counting);
        _counting.Gate = new TaskCompletionSource();

        var first = cache.GetAsync(spec, blobId);
        var second = cache.GetAsync(spec, blobId);
        _counting.Gate.SetResult();
        var data = await first;

        Assert.Same(data, await second);
        Assert.Same(data, await cache.GetAsync(spec, blobId));
        Assert.Equal(1, _counting.Reads(blobId));
        Assert.Equal(2, data.Train.Features);
        Assert.Equal(150 - 8, data.Train.Count + data.Validation!.Count); // one sample per window of 8 rows with its next row
    }

    [Fact]
    public async Task A_missing_dataset_fails_clearly_and_is_fetched_again_next_time()
    {
        var csv = Encoding.UTF8.GetBytes(TestJobs.CsvText());
        var blobId = TestJobs.DatasetId(csv);
        var spec = AssignmentSpec.Parse(TestJobs.CsvSpec());
        var cache = new DatasetCache(_counting);

        var missing = await Assert.ThrowsAsync<InvalidInputException>(() => cache.GetAsync(spec, blobId));
        Assert.Equal($"data: dataset {blobId} is not in the blob store", missing.Message);

        await _store.PutAsync(blobId, csv);
        await WaitUntil(() => cache.Count == 0);
        var data = await cache.GetAsync(spec, blobId);
        Assert.Equal(2, _counting.Reads(blobId));
        Assert.Equal(2, data.Train.Features);
    }

    [Fact]
    public async Task A_dataset_whose_bytes_do_not_match_its_hash_is_refused()
    {
        var blobId = TestJobs.DatasetId(Encoding.UTF8.GetBytes(TestJobs.CsvText()));
        await _store.PutAsync(blobId, Encoding.UTF8.GetBytes(TestJobs.CsvText(rows: 140)));
        var spec = AssignmentSpec.Parse(TestJobs.CsvSpec());

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => new DatasetCache(_counting).GetAsync(spec, blobId));
        Assert.StartsWith($"data: dataset {blobId} holds data whose SHA-256 is ", error.Message);
    }

    [Fact]
    public async Task A_csv_spec_without_a_data_blob_is_refused()
    {
        var spec = AssignmentSpec.Parse(TestJobs.CsvSpec());
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => new DatasetCache(_counting).GetAsync(spec, null));
        Assert.Equal("data: the csv job's assignment names no data blob", error.Message);
    }

    [Fact]
    public async Task The_cache_keeps_the_most_recently_used_datasets_within_its_byte_budget()
    {
        var (a, b, c) = (TestJobs.ParsedSine(length: 150), TestJobs.ParsedSine(length: 160), TestJobs.ParsedSine(length: 170));
        var size = new[] { a, b, c }.Select(spec => DatasetCache.SizeOf(JobData.Prepare(spec))).ToArray();
        var prepared = JobData.Prepare(a).Windows!; // the size is what the samples read: the rows of their windows, and their labels
        Assert.Equal(4L * ((prepared.Train.Count + prepared.Window - 1 + prepared.Train.Count) + (prepared.Validation!.Count + prepared.Window - 1 + prepared.Validation.Count)), size[0]);
        var cache = new DatasetCache(_counting, budgetBytes: size[0] + size[2]); // a and c fit together, b does not fit with both

        var dataA = await cache.GetAsync(a, null);
        var dataB = await cache.GetAsync(b, null);
        Assert.Equal(size[0] + size[1], cache.Bytes);
        Assert.Same(dataA, await cache.GetAsync(a, null)); // a is now the most recent
        await cache.GetAsync(c, null);                      // a + b + c is over the budget: b, the least recent, leaves
        Assert.Equal(2, cache.Count);

        Assert.Equal(size[0] + size[2], cache.Bytes);
        Assert.Same(dataA, await cache.GetAsync(a, null));
        Assert.NotSame(dataB, await cache.GetAsync(b, null));
    }

    [Fact]
    public async Task Small_datasets_are_all_kept_however_many_and_one_bigger_than_the_budget_displaces_them()
    {
        // The default budget is bytes, not a number of datasets: eight small series all stay.
        var cache = new DatasetCache(_counting);
        var small = Enumerable.Range(0, 8).Select(i => TestJobs.ParsedSine(length: 150 + i)).ToList();
        var first = new List<Tuner.Training.TaskData>();
        foreach (var spec in small) first.Add(await cache.GetAsync(spec, null));
        Assert.Equal(first.Sum(DatasetCache.SizeOf), cache.Bytes);
        for (int i = 0; i < small.Count; i++) Assert.Same(first[i], await cache.GetAsync(small[i], null));

        // A dataset larger than a whole (small) budget is kept — the trial asking for it needs it — and pushes out the rest.
        var big = TestJobs.ParsedSine(length: 5000);
        var tight = new DatasetCache(_counting, budgetBytes: DatasetCache.SizeOf(JobData.Prepare(big)) / 2);
        await tight.GetAsync(small[0], null);
        var bigData = await tight.GetAsync(big, null);
        Assert.Equal(1, tight.Count);
        Assert.Equal(DatasetCache.SizeOf(bigData), tight.Bytes);
        Assert.Same(bigData, await tight.GetAsync(big, null));
    }

    [Fact]
    public void Jobs_that_shape_their_data_alike_share_a_key_and_others_do_not()
    {
        var spec = TestJobs.ParsedSine();
        Assert.Equal(DatasetCache.KeyOf(spec, null), DatasetCache.KeyOf(spec with { Name = "other", Seed = spec.Seed }, null));
        Assert.NotEqual(DatasetCache.KeyOf(spec, null), DatasetCache.KeyOf(spec with { Seed = spec.Seed + 1 }, null));
        Assert.NotEqual(DatasetCache.KeyOf(spec, null), DatasetCache.KeyOf(spec with { Window = spec.Window + 1 }, null));
        var csv = AssignmentSpec.Parse(TestJobs.CsvSpec());
        Assert.NotEqual(DatasetCache.KeyOf(csv, "data/aa"), DatasetCache.KeyOf(csv, "data/bb"));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
