using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Tuner.Contracts.Protocol;

namespace Tuner.Runtime.Serialization;

/// <summary>Serializes every <see cref="ITunerMessage"/> (remote messages, journal events, snapshots)
/// with System.Text.Json; the manifest is the type's full name. Akka's default (Newtonsoft) drops
/// immutable collections silently across nodes and breaks recovery, hence an explicit serializer.</summary>
public sealed class TunerJsonSerializer : SerializerWithStringManifest
{
    /// <summary>Akka serializer id (user serializers use ids above 100).</summary>
    public const int Id = 4711;

    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    public TunerJsonSerializer(ExtendedActorSystem system) : base(system) { }

    public override int Identifier => Id;

    /// <summary>The JSON settings of Tuner types: names as declared (or as attributed), enums as strings, NaN/∞ allowed
    /// as named literals. Documents (the HTTP API, results.json) use them as they are; messages leave out nulls.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(JsonIgnoreCondition.Never);

    // Messages and journal entries leave out null members (a missing one reads back as null): a started trial's events
    // were a sixth "…":null. Documents for people (the HTTP API, results.json) keep them, hence two settings.
    private static readonly JsonSerializerOptions Binary = CreateOptions(JsonIgnoreCondition.WhenWritingNull);

    public override string Manifest(object o) => o.GetType().FullName!;

    public override byte[] ToBinary(object obj) =>
        obj is ILargeMessage ? ToBinaryUnpooled(obj) : JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Binary);

    private static int _largeSizeHint = 1 << 16;

    /// <summary>SerializeToUtf8Bytes grows its buffer by renting ever larger arrays from the shared pool, which keeps them:
    /// a job's snapshot of 80 MB left a coordinator holding hundreds of megabytes of pooled buffers. Here the buffer is
    /// the message's own, sized after the last large message, and garbage once copied out.</summary>
    private static byte[] ToBinaryUnpooled(object obj)
    {
        var buffer = new ArrayBufferWriter<byte>(Volatile.Read(ref _largeSizeHint));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Binary.Encoder, SkipValidation = true }))
            JsonSerializer.Serialize(writer, obj, obj.GetType(), Binary);
        Volatile.Write(ref _largeSizeHint, Math.Max(1 << 16, buffer.WrittenCount + buffer.WrittenCount / 8));
        return buffer.WrittenSpan.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        JsonSerializer.Deserialize(bytes, Resolve(manifest), Options)
        ?? throw new SerializationException($"'{manifest}' deserialized to null");

    /// <summary>Finds the type named by a manifest among the loaded Tuner assemblies. A type that moved to another
    /// namespace is still found by its name (with its declaring type, e.g. <c>JobEvents+JobSubmitted</c>), so journals
    /// written before a move still recover: no two Tuner types share a name.</summary>
    public static Type Resolve(string manifest) => Types.GetOrAdd(manifest, static name =>
    {
        foreach (var assembly in TunerAssemblies())
            if (assembly.GetType(name, throwOnError: false) is { } type && typeof(ITunerMessage).IsAssignableFrom(type)) return type;
        var typeName = name[(name.LastIndexOf('.', name.Contains('+') ? name.IndexOf('+') : name.Length - 1) + 1)..];
        var moved = TunerAssemblies().SelectMany(LoadableTypes)
            .Where(t => typeof(ITunerMessage).IsAssignableFrom(t) && t.FullName?.EndsWith("." + typeName, StringComparison.Ordinal) == true)
            .ToList();
        if (moved.Count == 1) return moved[0];
        throw new SerializationException($"unknown Tuner message type '{name}' (is its assembly loaded?)");
    });

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }

    private static IEnumerable<Assembly> TunerAssemblies() =>
        AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name?.StartsWith("Tuner.", StringComparison.Ordinal) == true);

    /// <summary>Every concrete message type in <paramref name="assembly"/> (for round-trip tests).</summary>
    public static IEnumerable<Type> MessageTypes(Assembly assembly) =>
        assembly.GetTypes().Where(t => typeof(ITunerMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });

    private static JsonSerializerOptions CreateOptions(JsonIgnoreCondition ignore)
    {
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = ignore,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
