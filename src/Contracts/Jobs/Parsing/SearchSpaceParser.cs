using System.Text.Json;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Jobs.Parsing;

/// <summary>Parses and checks <c>searchSpace</c> (PRODUCT.md §1): known names, entry types, bounds,
/// steps, sampling, choice values and defaults.</summary>
internal static class SearchSpaceParser
{
    private static readonly string[] EntryTypes = ["int", "float", "choice", "fixed"];

    public static SearchSpace? Parse(SpecReader reader, JsonElement element, string path)
    {
        if (reader.Fields(element, path) is not { } fields) return null;
        if (fields.Count == 0)
        {
            reader.Report(path, "must list at least one hyperparameter, e.g. \"units\": {\"type\": \"int\", \"min\": 32, \"max\": 256, \"step\": 32}");
            return null;
        }
        if (fields.Count > SpecLimits.MaxSearchSpaceEntries)
        {
            reader.Report(path, $"at most {SpecLimits.MaxSearchSpaceEntries} hyperparameters (got {fields.Count})");
            return null;
        }
        var parameters = new List<ParameterSpec>();
        var complete = true;
        foreach (var (name, entry) in fields.Properties)
        {
            var entryPath = fields.PathOf(name);
            if (HyperparameterCatalog.Find(name) is not { } known)
            {
                var hint = Suggestions.Closest(name, HyperparameterCatalog.Names) is { } match ? $"did you mean \"{match}\"? " : "";
                reader.Report(entryPath, $"unknown hyperparameter; {hint}known: {string.Join(", ", HyperparameterCatalog.Names)}");
                complete = false;
                continue;
            }
            var parameter = ParseEntry(reader, known, entry, entryPath);
            if (parameter is null) complete = false;
            else parameters.Add(parameter);
        }
        return complete ? new SearchSpace(parameters.ToValueList()) : null;
    }

    private static ParameterSpec? ParseEntry(SpecReader reader, KnownHyperparameter known, JsonElement element, string path)
    {
        if (reader.Fields(element, path) is not { } fields) return null;
        if (fields[SpecFields.Type] is not { } typeElement)
        {
            reader.Require(fields, SpecFields.Type, $"\"{known.Types[0]}\" (one of {string.Join(", ", known.Types)})");
            return null;
        }
        if (reader.AsWord(typeElement, fields.PathOf(SpecFields.Type), EntryTypes) is not { } typeIndex) return null;
        var type = EntryTypes[typeIndex];
        if (!known.Types.Contains(type))
        {
            var kind = known.Domain switch
            {
                HyperparameterDomain.Integer => "an integer hyperparameter",
                HyperparameterDomain.Real => "a real-valued hyperparameter",
                HyperparameterDomain.Boolean => "a true/false hyperparameter",
                _ => "a word-valued hyperparameter",
            };
            reader.Report(fields.PathOf(SpecFields.Type), $"{known.Name} is {kind}; use {string.Join(", ", known.Types)} (got \"{type}\")");
            return null;
        }
        return type switch
        {
            "int" => ParseInt(reader, known, fields),
            "float" => ParseFloat(reader, known, fields),
            "choice" => ParseChoice(reader, known, fields),
            _ => ParseFixed(reader, known, fields),
        };
    }

    private static IntParameter? ParseInt(SpecReader reader, KnownHyperparameter known, JsonFields fields)
    {
        reader.RejectUnknown(fields, SpecFields.NumericParameterFields, " for type int");
        var before = reader.ProblemCount;
        var min = Bound(reader, known, fields, SpecFields.Min);
        var max = Bound(reader, known, fields, SpecFields.Max);
        long step = 1;
        if (fields[SpecFields.Step] is { } stepElement)
        {
            var path = fields.PathOf(SpecFields.Step);
            if (reader.AsInteger(stepElement, path) is { } s)
            {
                if (s <= 0) reader.Report(path, $"must be > 0 (got {s})");
                else step = s;
            }
        }
        var sampling = ReadSampling(reader, fields);
        if (min is { } lo && max is { } hi)
        {
            if (lo > hi) reader.Report(fields.PathOf(SpecFields.Min), $"must be <= max (got min {lo}, max {hi}); swap them");
            else if (sampling == Sampling.Log && lo <= 0) reader.Report(fields.PathOf(SpecFields.Sampling), $"log sampling needs min > 0 (got min {lo})");
        }
        long? @default = null;
        if (fields[SpecFields.Default] is { } defaultElement)
        {
            var path = fields.PathOf(SpecFields.Default);
            if (reader.AsInteger(defaultElement, path) is { } d && min is { } lo2 && max is { } hi2 && lo2 <= hi2)
            {
                if (d < lo2 || d > hi2) reader.Report(path, $"must lie within [min, max] = [{lo2}, {hi2}] (got {d})");
                else if ((d - lo2) % step != 0) reader.Report(path, $"must lie on the grid min + k·step ({lo2}, {lo2 + step}, …) (got {d})");
                else @default = d;
            }
        }
        return reader.ProblemCount == before && min is not null && max is not null && sampling is not null
            ? new IntParameter(known.Name, min.Value, max.Value, step, sampling.Value, @default)
            : null;

        static long? Bound(SpecReader reader, KnownHyperparameter known, JsonFields fields, string name)
        {
            if (fields[name] is not { } element)
            {
                reader.Require(fields, name, name == SpecFields.Min ? "32" : "256");
                return null;
            }
            var path = fields.PathOf(name);
            if (reader.AsInteger(element, path) is not { } value) return null;
            if (known.Check(HyperparameterValue.Int(value)) is { } problem)
            {
                reader.Report(path, problem);
                return null;
            }
            return value;
        }
    }

    private static FloatParameter? ParseFloat(SpecReader reader, KnownHyperparameter known, JsonFields fields)
    {
        reader.RejectUnknown(fields, SpecFields.NumericParameterFields, " for type float");
        var before = reader.ProblemCount;
        var min = Bound(reader, known, fields, SpecFields.Min);
        var max = Bound(reader, known, fields, SpecFields.Max);
        double? step = null;
        if (fields[SpecFields.Step] is { } stepElement)
        {
            var path = fields.PathOf(SpecFields.Step);
            if (reader.AsNumber(stepElement, path) is { } s)
            {
                if (s <= 0) reader.Report(path, $"must be > 0 (got {SpecReader.Format(s)})");
                else step = s;
            }
        }
        var sampling = ReadSampling(reader, fields);
        var consistent = false;
        if (min is { } lo && max is { } hi)
        {
            if (lo > hi) reader.Report(fields.PathOf(SpecFields.Min), $"must be <= max (got min {SpecReader.Format(lo)}, max {SpecReader.Format(hi)}); swap them");
            else if (sampling == Sampling.Log && lo <= 0) reader.Report(fields.PathOf(SpecFields.Sampling), $"log sampling needs min > 0 (got min {SpecReader.Format(lo)})");
            else consistent = true;
        }
        FloatGrid? grid = null;
        if (consistent && step is { } st)
        {
            var outOfScale = new[] { (SpecFields.Min, min!.Value), (SpecFields.Max, max!.Value), (SpecFields.Step, st) }.FirstOrDefault(b => !FloatGrid.IsRepresentable(b.Item2));
            if (outOfScale.Item1 is not null)
                reader.Report(fields.PathOf(outOfScale.Item1), $"with a step, bounds and step must be 0 or between {FloatGrid.MinMagnitude:0e0} and {FloatGrid.MaxMagnitude:0e0} in magnitude (got {SpecReader.Format(outOfScale.Item2)})");
            else if (((decimal)max!.Value - (decimal)min!.Value) / (decimal)st >= FloatGrid.MaxPoints)
                reader.Report(fields.PathOf(SpecFields.Step), $"too small for the range: more than {FloatGrid.MaxPoints:0} grid values; use a larger step or no step");
            else
                grid = new FloatGrid(min.Value, max.Value, st);
        }
        double? @default = null;
        if (fields[SpecFields.Default] is { } defaultElement)
        {
            var path = fields.PathOf(SpecFields.Default);
            if (reader.AsNumber(defaultElement, path) is { } d && consistent && min is { } low && max is { } high)
            {
                if (d < low || d > high)
                    reader.Report(path, $"must lie within [min, max] = [{SpecReader.Format(low)}, {SpecReader.Format(high)}] (got {SpecReader.Format(d)})");
                else if (grid is { } g && !g.Contains(d))
                    reader.Report(path, $"must lie on the grid min + k·step ({SpecReader.Format(g.ValueAt(0))}, {SpecReader.Format(g.ValueAt(Math.Min(1, g.LastIndex)))}, …) (got {SpecReader.Format(d)})");
                else
                    @default = d;
            }
        }
        return reader.ProblemCount == before && min is not null && max is not null && sampling is not null
            ? new FloatParameter(known.Name, min.Value, max.Value, step, sampling.Value, @default)
            : null;

        static double? Bound(SpecReader reader, KnownHyperparameter known, JsonFields fields, string name)
        {
            if (fields[name] is not { } element)
            {
                reader.Require(fields, name, name == SpecFields.Min ? "0.0" : "0.5");
                return null;
            }
            var path = fields.PathOf(name);
            if (reader.AsNumber(element, path) is not { } value) return null;
            if (known.Check(HyperparameterValue.Float(value)) is { } problem)
            {
                reader.Report(path, problem);
                return null;
            }
            return value;
        }
    }

    private static ChoiceParameter? ParseChoice(SpecReader reader, KnownHyperparameter known, JsonFields fields)
    {
        reader.RejectUnknown(fields, SpecFields.ChoiceParameterFields, " for type choice");
        var before = reader.ProblemCount;
        var valuesPath = fields.PathOf(SpecFields.Values);
        var values = new List<HyperparameterValue>();
        if (fields[SpecFields.Values] is not { } valuesElement)
        {
            reader.Require(fields, SpecFields.Values, Example(known));
        }
        else if (valuesElement.ValueKind != JsonValueKind.Array)
        {
            reader.Report(valuesPath, $"must be a list (got {SpecReader.Describe(valuesElement)}), e.g. {Example(known)}");
        }
        else
        {
            var items = valuesElement.EnumerateArray().ToList();
            if (items.Count == 0)
                reader.Report(valuesPath, $"must list at least one value, e.g. {Example(known)}");
            else if (items.Count > SpecLimits.MaxChoiceValues)
                reader.Report(valuesPath, $"at most {SpecLimits.MaxChoiceValues} values (got {items.Count})");
            else if (items.Select(JsonType).Distinct().ToList() is { Count: > 1 } types)
                reader.Report(valuesPath, $"mixed types ({string.Join(", ", types)}); all values must be {Expected(known)}");
            else
            {
                for (var i = 0; i < items.Count; i++)
                {
                    var itemPath = JsonPaths.Index(valuesPath, i);
                    if (ReadValue(reader, known, items[i], itemPath) is not { } value) continue;
                    var first = values.IndexOf(value);
                    if (first >= 0) reader.Report(itemPath, $"duplicate of values[{first}]; list each value once");
                    values.Add(value);
                }
            }
        }
        HyperparameterValue? @default = null;
        if (fields[SpecFields.Default] is { } defaultElement)
        {
            var path = fields.PathOf(SpecFields.Default);
            if (ReadValue(reader, known, defaultElement, path) is { } d)
            {
                if (reader.ProblemCount == before && !values.Contains(d))
                    reader.Report(path, $"must be one of the values (got {d})");
                else
                    @default = d;
            }
        }
        return reader.ProblemCount == before ? new ChoiceParameter(known.Name, values.ToValueList(), @default) : null;
    }

    private static FixedParameter? ParseFixed(SpecReader reader, KnownHyperparameter known, JsonFields fields)
    {
        reader.RejectUnknown(fields, SpecFields.FixedParameterFields, " for type fixed (it has one value and no default)");
        if (fields[SpecFields.Value] is not { } element)
        {
            reader.Require(fields, SpecFields.Value, Example(known).Split(',')[0].TrimStart('['));
            return null;
        }
        return ReadValue(reader, known, element, fields.PathOf(SpecFields.Value)) is { } value ? new FixedParameter(known.Name, value) : null;
    }

    /// <summary>A choice or fixed value, typed by the hyperparameter's domain (floats for reals even when written <c>0</c>).</summary>
    private static HyperparameterValue? ReadValue(SpecReader reader, KnownHyperparameter known, JsonElement element, string path)
    {
        HyperparameterValue value;
        switch (known.Domain)
        {
            case HyperparameterDomain.Integer:
                if (reader.AsInteger(element, path) is not { } integer) return null;
                value = HyperparameterValue.Int(integer);
                break;
            case HyperparameterDomain.Real:
                if (reader.AsNumber(element, path) is not { } number) return null;
                value = HyperparameterValue.Float(number);
                break;
            case HyperparameterDomain.Boolean:
                if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    reader.Report(path, $"must be true or false (got {SpecReader.Describe(element)})");
                    return null;
                }
                value = HyperparameterValue.Bool(element.GetBoolean());
                break;
            default:
                if (element.ValueKind != JsonValueKind.String || element.GetString()!.Length > SpecLimits.MaxChoiceStringLength)
                {
                    reader.Report(path, $"must be one of {string.Join(", ", known.Words)} (got {SpecReader.Describe(element)})");
                    return null;
                }
                var word = element.GetString()!;
                if (!known.Words.Contains(word))
                {
                    reader.Report(path, $"must be one of {string.Join(", ", known.Words)} (got {SpecReader.Describe(element)}){Suggestions.Hint(word, known.Words)}");
                    return null;
                }
                value = HyperparameterValue.String(word);
                break;
        }
        if (known.Check(value) is { } problem)
        {
            reader.Report(path, problem);
            return null;
        }
        return value;
    }

    private static Sampling? ReadSampling(SpecReader reader, JsonFields fields) =>
        reader.Word(fields, SpecFields.Sampling, SpecWords.Samplings, 0) is { } index ? (Sampling)index : null;

    private static string JsonType(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => "numbers",
        JsonValueKind.String => "strings",
        JsonValueKind.True or JsonValueKind.False => "booleans",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "lists",
        _ => "objects",
    };

    private static string Expected(KnownHyperparameter known) => known.Domain switch
    {
        HyperparameterDomain.Integer => "integers",
        HyperparameterDomain.Real => "numbers",
        HyperparameterDomain.Boolean => "true or false",
        _ => "strings",
    };

    private static string Example(KnownHyperparameter known) => known.Name switch
    {
        "units" => "[32, 64, 128]",
        "layers" => "[1, 2]",
        HyperparameterCatalog.BatchSizeName => "[16, 32, 64]",
        "learning_rate" => "[0.0001, 0.001, 0.01]",
        "l2" => "[0.0, 0.0001, 0.001]",
        "cell" => "[\"lstm\", \"gru\"]",
        "optimizer" => "[\"adam\", \"rmsprop\"]",
        "bidirectional" => "[true, false]",
        HyperparameterCatalog.EmbeddingDimName => "[16, 32, 64]",
        _ => "[0.0, 0.1, 0.2]",
    };
}
