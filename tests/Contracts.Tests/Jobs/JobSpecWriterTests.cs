using Tuner.Contracts.Jobs;

namespace Tuner.Contracts.Tests.Jobs;

public sealed class JobSpecWriterTests
{
    private static readonly string[] Variants =
    [
        SpecJson.Example,
        SpecJson.With("data", """{"kind": "csv", "content": "a,b\n1,2\n", "target": "b", "features": ["a", "b"]}"""),
        SpecJson.With("algorithm", """{"type": "random", "maxTrials": 5, "executionsPerTrial": 2, "epochs": 7}"""),
        SpecJson.With("algorithm", """{"type": "asha", "maxEpochs": 81, "minEpochs": 3, "factor": 3, "maxTrials": 50}"""),
        SpecJson.With("algorithm", """{"type": "bayesian", "maxTrials": 30, "numInitialPoints": 4, "alpha": 0.001, "beta": 2, "executionsPerTrial": 2, "epochs": 7}"""),
        SpecJson.With("algorithm", """{"type": "bayesian"}"""),
        SpecJson.With("algorithm", """{"type": "tpe", "maxTrials": 30, "startupTrials": 5, "epochs": 7}"""),
        SpecJson.With("algorithm", """{"type": "bohb", "maxEpochs": 81, "factor": 3, "iterations": 2}"""),
        SpecJson.With("searchSpace", """
            {"cell": {"type": "choice", "values": ["lstm", "gru"], "default": "gru"},
             "l2": {"type": "float", "min": 0, "max": 0.01, "step": 0.001, "default": 0.002},
             "layers": {"type": "int", "min": 1, "max": 4, "sampling": "log", "default": 2},
             "optimizer": {"type": "fixed", "value": "sgd"},
             "dropout": {"type": "choice", "values": [0, 0.5]}}
            """),
    ];

    [Fact]
    public void Canonical_json_parses_back_to_an_equal_spec()
    {
        foreach (var json in Variants)
        {
            var spec = JobSpecParser.Parse(json);
            var canonical = JobSpecWriter.ToJson(spec);
            Assert.Equal(spec, JobSpecParser.Parse(canonical));
            Assert.Equal(canonical, JobSpecWriter.ToJson(JobSpecParser.Parse(canonical)));
        }
    }

    [Fact]
    public void A_spec_with_every_field_set_is_written_with_the_one_list_of_fields_in_its_order_and_parses_back()
    {
        var json = SpecJson.With(SpecJson.With(SpecJson.With(SpecJson.Node(), "description", "\"all of it\""), "clipnorm", "1.5"), "epochs", "7").ToJsonString();
        var node = JobSpecWriter.ToNode(JobSpecParser.Parse(json));
        // A forecast reads no text: the one field it never writes is the tokenizer.
        Assert.Equal(SpecFields.Root.Except(["tokenizer"]), node.Select(p => p.Key));
        Assert.Equal(JobSpecParser.Parse(json), JobSpecParser.Parse(node.ToJsonString()));
        Assert.Equal(SpecFields.Root.Except(["name", "description", "epochs"]), SpecFields.AlteringSearch);
    }

    [Fact]
    public void Canonical_json_makes_defaults_explicit()
    {
        var canonical = JobSpecWriter.ToJson(JobSpecParser.Parse(SpecJson.Example));
        Assert.Equal(
            """{"name":"sine-lstm","seed":42,"task":"forecast","data":{"kind":"sine","length":1000,"noise":0.1},"window":10,"horizon":1,"validationSplit":0.2,"normalize":"standard","batchSize":32,"model":{"cell":"lstm","layers":1,"activation":"tanh","bidirectional":false},"optimizer":"adam","searchSpace":{"units":{"type":"int","min":32,"max":512,"step":32,"sampling":"linear"},"dropout":{"type":"float","min":0,"max":0.5,"step":0.1,"sampling":"linear"},"learning_rate":{"type":"float","min":0.0001,"max":0.01,"sampling":"log"}},"objective":"val_loss","algorithm":{"type":"hyperband","maxEpochs":50,"factor":3,"iterations":1}}""",
            canonical);
    }
}
