using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Serialization;

namespace Tuner.Runtime.Tests.Serialization;

public sealed class TunerJsonSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("ser", ConfigurationFactory.ParseString(SerializationConfig.Hocon));

    public void Dispose() => _system.Dispose();

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var sample in MessageSamples.All()) data.Add(sample.GetType().FullName!);
        return data;
    }

    [Fact]
    public void Every_message_type_in_contracts_has_a_round_trip_sample()
    {
        var covered = MessageSamples.All().Select(m => m.GetType()).ToHashSet();
        var missing = TunerJsonSerializer.MessageTypes(typeof(ITunerMessage).Assembly).Where(t => !covered.Contains(t)).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, "no sample for: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Messages_round_trip_through_akka_serialization_with_the_tuner_serializer(string typeName)
    {
        var message = MessageSamples.All().Single(m => m.GetType().FullName == typeName);
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<TunerJsonSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
        // Records compare by value; ValueList and Hyperparameters compare element-wise, byte[] by reference,
        // so compare the JSON of both instead (NaN included).
        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), TunerJsonSerializer.Options),
            System.Text.Json.JsonSerializer.Serialize(back, back.GetType(), TunerJsonSerializer.Options));
    }

    [Fact]
    public void Unknown_manifests_fail_with_the_type_name()
    {
        var e = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => TunerJsonSerializer.Resolve("Tuner.Nope.Missing"));
        Assert.Contains("Tuner.Nope.Missing", e.Message);
    }
}
