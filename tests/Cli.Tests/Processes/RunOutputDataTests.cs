using System.Text.Json.Nodes;

namespace Tuner.Cli.Tests.Processes;

/// <summary><c>tuner run</c>'s outputs describe the data the search trained on: the CSV as it was when the job was
/// submitted (journaled as its dataset), not the file as it is when the search ends.</summary>
[Collection(ProcessTests.Name)]
public sealed class RunOutputDataTests
{
    // Seattle's daily weather (examples/data), a small random search that trains for a few seconds.
    private const string Job = """
        {
          "name": "outputs-data",
          "seed": 5,
          "data": { "kind": "csv", "path": "weather.csv", "target": "temp_max", "features": ["temp_max", "wind"] },
          "window": 14,
          "searchSpace": { "units": { "type": "int", "min": 64, "max": 128, "step": 64 } },
          "algorithm": { "type": "random", "maxTrials": 2, "epochs": 20 }
        }
        """;

    [Fact]
    public async Task A_data_file_changed_during_the_search_changes_neither_the_best_model_nor_its_report()
    {
        using var bed = new ClusterTestBed();
        var original = await File.ReadAllLinesAsync(Path.Combine(Support.Repository.Root, "examples", "data", "seattle-weather.csv"));
        var changed = Path.Combine(bed.Directory, "changed");
        var untouched = Path.Combine(bed.Directory, "untouched");
        foreach (var folder in new[] { changed, untouched })
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllLinesAsync(Path.Combine(folder, "weather.csv"), original);
            await File.WriteAllTextAsync(Path.Combine(folder, "job.json"), Job);
        }
        string[] args = ["run", "job.json", "--db", "tuner.db", "--out", "out", "--log-format", "json"];

        var run = bed.Track(new TunerProcess("changed", args, bed.Environment, changed));
        await bed.Until(() => Task.FromResult(run.LogEvents().Any(e => e.Message().StartsWith("Running job", StringComparison.Ordinal)) || run.HasExited), TimeSpan.FromSeconds(60), "the job submitted");
        Assert.False(run.HasExited, run.ToString());
        // While it trains, the file gains a year of rows 10 degrees warmer (a recording appended to, a file edited).
        await File.AppendAllLinesAsync(Path.Combine(changed, "weather.csv"), original.Skip(1).Take(365).Select(Warmer));
        Assert.True(await run.WaitForExitAsync(TimeSpan.FromSeconds(180)) == 0, run.ToString());

        var reference = bed.Track(new TunerProcess("untouched", args, bed.Environment, untouched));
        Assert.True(await reference.WaitForExitAsync(TimeSpan.FromSeconds(180)) == 0, reference.ToString());

        var model = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(changed, "out", "best-model.json")))!;
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(untouched, "out", "best-model.json")))!;
        Assert.Equal(expected["normalization"]!.ToJsonString(), model["normalization"]!.ToJsonString());
        Assert.Equal(expected["val_loss"]!.GetValue<double>(), model["val_loss"]!.GetValue<double>());
        // The report's forecast (actual and predicted, over the same validation rows) is the untouched run's.
        var forecast = Support.ReportFile.ModelReport(Path.Combine(changed, "out"))["forecast"]!;
        Assert.Equal(Support.ReportFile.ModelReport(Path.Combine(untouched, "out"))["forecast"]!.ToJsonString(), forecast.ToJsonString());
        Assert.Equal(1460, (int)forecast["index"]!.AsArray()[^1]!); // the recording's last row, not the appended year's
    }

    private static string Warmer(string row)
    {
        var cells = row.Split(',');
        cells[2] = (double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture) + 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join(',', cells);
    }
}
