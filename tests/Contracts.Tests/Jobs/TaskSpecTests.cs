using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Tests.Jobs;

/// <summary>The job spec's tasks (PRODUCT.md §6): <c>task</c>, the data each reads, <c>tokenizer</c>, the model's
/// embedding and directions, the accuracy objectives and their direction — each misuse an error naming the field.</summary>
public sealed class TaskSpecTests
{
    private const string Sentiment = """
        {
          "name": "reviews", "task": "classify",
          "data": { "kind": "csv", "path": "reviews.csv", "text": "review", "label": "score" },
          "tokenizer": { "vocabSize": 5000, "maxLength": 100 },
          "model": { "cell": "lstm", "bidirectional": true, "embeddingDim": 16 },
          "searchSpace": {
            "embedding_dim": { "type": "choice", "values": [16, 32] },
            "bidirectional": { "type": "choice", "values": [true, false] }
          },
          "objective": "val_accuracy",
          "algorithm": { "type": "random", "maxTrials": 2, "epochs": 1 }
        }
        """;

    private const string Generate = """
        {
          "name": "austen", "task": "generate",
          "data": { "kind": "text", "content": "It is a truth universally acknowledged." },
          "window": 20,
          "searchSpace": { "units": { "type": "int", "min": 16, "max": 32, "step": 16 } },
          "algorithm": { "type": "random", "maxTrials": 2, "epochs": 1 }
        }
        """;

    [Fact]
    public void A_text_classification_reads_its_fields_and_its_window_is_the_tokenizer_s_max_length()
    {
        var spec = JobSpecParser.Parse(Sentiment);
        Assert.Equal(TaskKind.Classify, spec.Task);
        Assert.True(spec.ClassifiesText && spec.HasEmbedding && spec.HasAccuracy);
        Assert.Equal(new CsvDataSpec("reviews.csv", null, null, [], "review", "score"), spec.Data);
        Assert.Equal(new TokenizerSpec(5000, 100, Lowercase: true), spec.Tokenizer);
        Assert.Equal(100, spec.Window);
        Assert.Equal(new ModelSpec(CellKind.Lstm, 1, ActivationKind.Tanh, Bidirectional: true, EmbeddingDim: 16), spec.Model);
        Assert.Equal(ObjectiveKind.ValAccuracy, spec.Objective);
        // The canonical JSON parses back to the same spec, and has no window, horizon or normalize.
        var canonical = JobSpecWriter.ToJson(spec);
        Assert.Equal(spec, JobSpecParser.Parse(canonical));
        Assert.DoesNotContain("\"window\"", canonical);
        Assert.DoesNotContain("\"normalize\"", canonical);
    }

    [Fact]
    public void Generate_reads_a_text_keeps_case_by_default_and_an_old_forecast_spec_is_unchanged()
    {
        var spec = JobSpecParser.Parse(Generate);
        Assert.Equal(TaskKind.Generate, spec.Task);
        Assert.Equal(new TextDataSpec(null, "It is a truth universally acknowledged."), spec.Data);
        Assert.False(spec.Tokenizer!.Lowercase);
        Assert.Equal(spec, JobSpecParser.Parse(JobSpecWriter.ToJson(spec)));

        var old = JobSpecParser.Parse(SpecJson.Example);
        Assert.Equal(TaskKind.Forecast, old.Task);
        Assert.Null(old.Tokenizer);
        Assert.False(old.HasAccuracy);
    }

    [Theory]
    [InlineData("objective", "\"val_accuracy\"", "objective: val_accuracy needs task classify or generate (a forecast has no accuracy); use val_loss or loss")]
    [InlineData("task", "\"regress\"", "task: must be one of forecast, classify, generate (got \"regress\")")]
    [InlineData("tokenizer", """{"vocabSize": 100}""", "tokenizer: only used when the model reads text (classify with data.text, or generate); remove it")]
    [InlineData("model.embeddingDim", "16", "model.embeddingDim: the model has no embedding: only classify with data.text and generate read tokens; remove it")]
    [InlineData("searchSpace.embedding_dim", """{"type": "choice", "values": [16, 32]}""", "searchSpace.embedding_dim: the model has no embedding: only classify with data.text and generate read tokens; remove it")]
    [InlineData("model.bidirectional", "\"yes\"", "model.bidirectional: must be true or false (got \"yes\")")]
    [InlineData("searchSpace.bidirectional", """{"type": "choice", "values": [1, 0]}""", "searchSpace.bidirectional.values[0]: must be true or false (got 1)")]
    public void A_forecast_refuses_what_only_the_other_tasks_use(string path, string value, string expected)
    {
        var problems = SpecJson.ProblemsWith(path, value);
        Assert.True(problems.Contains(expected), "reported:\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("tokenizer", """{"vocabSize": 1}""", "tokenizer.vocabSize: must be")]
    [InlineData("tokenizer", """{"maxLength": 0}""", "tokenizer.maxLength: must be")]
    [InlineData("window", "10", "window: not used for a text classification: tokenizer.maxLength is the sequence length; remove it")]
    [InlineData("data", """{"kind": "csv", "path": "r.csv", "label": "score"}""", "data: task classify needs \"text\" (a column of text, e.g. \"review\") or \"features\" (numeric columns) besides \"label\"")]
    [InlineData("data", """{"kind": "csv", "path": "r.csv", "text": "review", "label": "review"}""", "data.label: must differ from data.text (both name column \"review\")")]
    [InlineData("data", """{"kind": "csv", "path": "r.csv", "text": "review", "target": "score"}""", "data.target: not used with task classify: name the class column data.label; remove target")]
    [InlineData("data", """{"kind": "text", "path": "a.txt"}""", "data.kind: task classify reads a CSV: \"kind\": \"csv\" with data.label and data.text (a column of text) or data.features (numeric columns) (got \"text\")")]
    public void A_classification_names_each_misused_field(string path, string value, string expected)
    {
        var problems = SpecJson.Problems(SpecJson.With(Node(Sentiment), path, value).ToJsonString());
        Assert.True(problems.Any(p => p.StartsWith(expected, StringComparison.Ordinal)), "reported:\n" + string.Join("\n", problems));
    }

    [Theory]
    // One mistake in data is one problem: the tokenizer, window, embedding dimension and embedding_dim were reported too,
    // as if the model read numbers (the data that names the text column was refused as a whole).
    [InlineData("""{"kind": "csv", "path": "r.csv", "text": "review", "label": "score", "target": "score"}""", "data.target: not used with task classify")]
    [InlineData("""{"kind": "csv", "path": "r.csv", "text": "review", "label": "score", "features": ["a"]}""", "data")]
    public void A_mistake_in_a_text_classifications_data_is_its_only_problem(string data, string expected)
    {
        var problems = SpecJson.Problems(SpecJson.With(Node(Sentiment), "data", data).ToJsonString());
        var problem = Assert.Single(problems);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    // Data of another task's kind, or a task word that is not one, is the only problem: the columns, window, tokenizer
    // and embedding were judged as a forecast's, telling users to remove what their task needs.
    [InlineData("""{"task": "generate", "data": {"kind": "csv", "path": "r.csv", "text": "review"}}""", "data.kind: task generate reads a plain text: \"kind\": \"text\" with data.path or data.content (got \"csv\")")]
    [InlineData("""{"task": "classify", "data": {"kind": "text", "path": "t.txt", "text": "review", "label": "score"}, "tokenizer": {"maxLength": 8}}""", "data.kind: task classify reads a CSV")]
    [InlineData("""{"task": "classify", "data": {"kind": "text", "path": "t.txt"}, "tokenizer": {"maxLength": 8}, "model": {"embeddingDim": 8}}""", "data.kind: task classify reads a CSV")]
    [InlineData("""{"task": "classification", "data": {"kind": "csv", "path": "r.csv", "text": "review", "label": "score"}, "tokenizer": {"maxLength": 8}}""", "task: must be one of forecast, classify, generate (got \"classification\")")]
    public void Data_of_another_tasks_kind_or_an_unknown_task_is_the_only_problem(string fields, string expected)
    {
        var spec = Node("""{"name": "t", "searchSpace": {"units": {"type": "fixed", "value": 4}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}""");
        foreach (var (name, value) in Node(fields)) spec[name] = value!.DeepClone();
        Assert.StartsWith(expected, Assert.Single(SpecJson.Problems(spec.ToJsonString())), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("horizon", "2", "horizon: not used with task generate: the window predicts the next character; remove it")]
    [InlineData("normalize", "\"none\"", "normalize: not used when the model reads text (task generate): tokens are not scaled; remove it")]
    [InlineData("tokenizer", """{"vocabSize": 100}""", "tokenizer.vocabSize: not used with task generate")]
    [InlineData("data", """{"kind": "sine"}""", "data.kind: task generate reads a plain text")]
    [InlineData("data", """{"kind": "text", "content": ""}""", "data.content: must not be empty; give the text")]
    [InlineData("data", """{"kind": "text", "content": "abc", "target": "x"}""", "data.target: not used with kind \"text\" (the whole text is the data); remove it")]
    public void Generate_names_each_misused_field(string path, string value, string expected)
    {
        var problems = SpecJson.Problems(SpecJson.With(Node(Generate), path, value).ToJsonString());
        Assert.True(problems.Any(p => p.StartsWith(expected, StringComparison.Ordinal)), "reported:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Accuracy_is_maximized_and_losses_minimized_wherever_trials_or_epochs_are_ranked()
    {
        Assert.True(ObjectiveKind.ValAccuracy.IsBetter(0.8, 0.7));
        Assert.False(ObjectiveKind.ValLoss.IsBetter(0.8, 0.7));
        EpochMetrics[] history = [new(1, 0.9, 0.8, 0.6, 0.55), new(2, 0.5, 0.6, 0.8, 0.75), new(3, 0.3, 0.7, 0.9, 0.7)];
        Assert.Equal(2, EpochMetrics.Best(history, ObjectiveKind.ValAccuracy)!.Epoch);
        Assert.Equal(3, EpochMetrics.Best(history, ObjectiveKind.Accuracy)!.Epoch);
        Assert.Equal(2, EpochMetrics.Best(history, ObjectiveKind.ValLoss)!.Epoch);
        Assert.Equal(3, EpochMetrics.Best(history, ObjectiveKind.Loss)!.Epoch);
    }

    private static System.Text.Json.Nodes.JsonObject Node(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
}
