using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Tuner.Cli.Tests.Deploy;

/// <summary>Kubernetes objects read from YAML (YamlDotNet) into JSON nodes, and what the kubelet does
/// with a container's <c>env</c>: field and resource references, ConfigMap and Secret keys, and
/// <c>$(VAR)</c> expansion in order. Scalars stay strings, as YAML wrote them.</summary>
internal sealed class KubeManifests
{
    private readonly List<JsonObject> _objects;

    private KubeManifests(List<JsonObject> objects) => _objects = objects;

    public IReadOnlyList<JsonObject> Objects => _objects;

    /// <summary>deploy/k8s in this repository.</summary>
    public static string DeployRoot => Path.Combine(Support.Repository.Root, "deploy", "k8s");

    /// <summary>Every object in the given YAML files (multi-document files allowed).</summary>
    public static KubeManifests Load(params string[] files)
    {
        var objects = new List<JsonObject>();
        var deserializer = new DeserializerBuilder().Build();
        foreach (var file in files)
        {
            var parser = new Parser(new StringReader(File.ReadAllText(file)));
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out _))
            {
                var document = deserializer.Deserialize<object?>(parser);
                if (document is not null) objects.Add((JsonObject)ToJson(document)!);
            }
        }
        return new KubeManifests(objects);
    }

    /// <summary>The YAML files a kustomization folder lists directly under <c>resources</c>.</summary>
    public static KubeManifests LoadKustomization(string folder)
    {
        var kustomization = Load(Path.Combine(folder, "kustomization.yaml")).Objects.Single();
        var files = kustomization["resources"]!.AsArray().Select(r => Path.Combine(folder, (string)r!)).Where(File.Exists).ToArray();
        return Load(files);
    }

    private static JsonNode? ToJson(object? yaml) => yaml switch
    {
        null => null,
        string s => JsonValue.Create(s),
        IDictionary<object, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create((string)kv.Key, ToJson(kv.Value)))),
        IList<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        _ => throw new NotSupportedException($"YAML node {yaml.GetType()}"),
    };

    public JsonObject Get(string kind, string name) =>
        _objects.SingleOrDefault(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name)
        ?? throw new InvalidOperationException($"no {kind} {name} in the manifests");

    public IEnumerable<JsonObject> OfKind(string kind) => _objects.Where(o => (string?)o["kind"] == kind);

    /// <summary>The one container of a workload's pod template.</summary>
    public static JsonObject Container(JsonObject workload) =>
        (JsonObject)workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;

    public static JsonObject PodSpec(JsonObject workload) => (JsonObject)workload["spec"]!["template"]!["spec"]!;

    public static int Int(JsonNode? node) => int.Parse((string)node!, CultureInfo.InvariantCulture);

    /// <summary>The data of a ConfigMap, or of a Secret (<c>stringData</c> over base64 <c>data</c>).</summary>
    public static Dictionary<string, string> Data(JsonObject configMapOrSecret)
    {
        var result = new Dictionary<string, string>();
        if (configMapOrSecret["data"] is JsonObject data)
        {
            bool secret = (string?)configMapOrSecret["kind"] == "Secret";
            foreach (var (k, v) in data) result[k] = secret ? Encoding.UTF8.GetString(Convert.FromBase64String((string)v!)) : (string)v!;
        }
        if (configMapOrSecret["stringData"] is JsonObject stringData)
            foreach (var (k, v) in stringData) result[k] = (string)v!;
        return result;
    }

    /// <summary>What the kubelet knows of a pod when it builds the container's environment.</summary>
    public sealed record Pod(string Name, string Namespace, string Ip);

    /// <summary>The container's environment as the kubelet builds it: each <c>env</c> entry in order, a
    /// <c>$(VAR)</c> in a value expanded from the entries above it (left as is when undefined, <c>$$</c> for
    /// a literal <c>$</c>). Anything the manifests do not use (envFrom, other field paths) throws, so a
    /// manifest change cannot be silently misread here.</summary>
    public static Dictionary<string, string> ContainerEnvironment(
        JsonObject container, Pod pod, IReadOnlyDictionary<string, Dictionary<string, string>> configMaps, IReadOnlyDictionary<string, Dictionary<string, string>> secrets)
    {
        if (container["envFrom"] is not null) throw new NotSupportedException("envFrom: the rehearsal reads explicit env entries only");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in container["env"]?.AsArray() ?? [])
        {
            var name = (string)entry!["name"]!;
            if (entry["value"] is { } value)
            {
                env[name] = Expand((string)value!, env);
                continue;
            }
            var from = entry["valueFrom"]!;
            env[name] = from switch
            {
                _ when from["fieldRef"] is { } f => (string)f["fieldPath"]! switch
                {
                    "metadata.name" => pod.Name,
                    "metadata.namespace" => pod.Namespace,
                    "status.podIP" => pod.Ip,
                    var other => throw new NotSupportedException($"fieldRef {other}"),
                },
                _ when from["configMapKeyRef"] is { } c => configMaps[(string)c["name"]!][(string)c["key"]!],
                _ when from["secretKeyRef"] is { } s => secrets[(string)s["name"]!][(string)s["key"]!],
                _ when from["resourceFieldRef"] is { } r => ResourceField(container, r),
                _ => throw new NotSupportedException($"env {name}: {from.ToJsonString()}"),
            };
        }
        return env;
    }

    /// <summary>Kubernetes' <c>$(VAR)</c> expansion (k8s.io/kubernetes third_party/forked/golang/expansion).</summary>
    public static string Expand(string input, IReadOnlyDictionary<string, string> defined)
    {
        var output = new StringBuilder();
        for (int i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                output.Append(input[i]);
                continue;
            }
            char next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i++;
            }
            else if (next == '(' && input.IndexOf(')', i + 2) is var close and > 0)
            {
                var name = input[(i + 2)..close];
                output.Append(defined.TryGetValue(name, out var v) ? v : $"$({name})");
                i = close;
            }
            else
            {
                output.Append('$');
            }
        }
        return output.ToString();
    }

    // resourceFieldRef: the quantity divided by the divisor, rounded up (the kubelet's rule).
    private static string ResourceField(JsonObject container, JsonNode reference)
    {
        var resource = (string)reference["resource"]!;
        if (resource is not ("limits.cpu" or "requests.cpu")) throw new NotSupportedException($"resourceFieldRef {resource}");
        if (reference["containerName"] is { } target && (string)target! != (string)container["name"]!)
            throw new NotSupportedException("resourceFieldRef of another container");
        var parts = resource.Split('.');
        var quantity = container["resources"]?[parts[0]]?[parts[1]] ?? throw new InvalidOperationException($"{resource} is not set: Kubernetes would give the node's allocatable CPUs");
        var divisor = reference["divisor"] is { } d ? Cpu((string)d!) : 1m;
        return ((long)Math.Ceiling(Cpu((string)quantity!) / divisor)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A CPU quantity in cores: "2", "1.5", "500m".</summary>
    public static decimal Cpu(string quantity) => quantity.EndsWith('m')
        ? decimal.Parse(quantity[..^1], CultureInfo.InvariantCulture) / 1000m
        : decimal.Parse(quantity, CultureInfo.InvariantCulture);
}
