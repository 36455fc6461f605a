using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Worker.Tests.Support;

namespace Tuner.Worker.Tests;

public sealed class AssignmentSpecTests
{
    [Fact]
    public void A_csv_spec_sent_without_its_text_parses_with_a_stand_in()
    {
        var spec = AssignmentSpec.Parse(TestJobs.CsvSpec());
        var csv = Assert.IsType<CsvDataSpec>(spec.Data);
        Assert.Equal(AssignmentSpec.ContentFromBlob, csv.Content);
        Assert.Equal(["x", "y"], csv.Features);
    }

    [Fact]
    public void A_canonical_sine_spec_parses_as_written()
    {
        var written = JobSpecWriter.ToJson(TestJobs.ParsedSine());
        Assert.Equal(TestJobs.ParsedSine(), AssignmentSpec.Parse(written));
    }

    [Fact]
    public void A_broken_spec_is_invalid_input()
    {
        Assert.Throws<InvalidInputException>(() => AssignmentSpec.Parse("{"));
        Assert.Throws<InvalidInputException>(() => AssignmentSpec.Parse("{\"name\": \"x\"}"));
    }
}
