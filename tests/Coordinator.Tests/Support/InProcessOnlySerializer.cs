using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Serialization;

namespace Tuner.Coordinator.Tests.Support;

/// <summary>For <c>serialize-messages = on</c> only: "serializes" two journal-internal messages that never leave their
/// process by keeping them in memory. The journal's write confirmations pass through its resequencer wrapped in
/// <c>Desequenced</c>, which Akka's default Newtonsoft serializer would round-trip, mangling the Tuner events inside
/// (the persistent actor would then apply a mangled copy: hyperparameters all 0); Akka.Persistence.Sql's
/// <c>WriteFinished</c> (holding a Task) cannot be serialized at all. Every Tuner message, and every event through
/// the journal, is still serialized for real.</summary>
public sealed class InProcessOnlySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const string Hocon = """
        akka.actor {
          serializers { in-process-only = "Tuner.Coordinator.Tests.Support.InProcessOnlySerializer, Tuner.Coordinator.Tests" }
          serialization-bindings {
            "Akka.Persistence.Sql.Journal.Types.WriteFinished, Akka.Persistence.Sql" = in-process-only
            "Akka.Persistence.Journal.AsyncWriteJournal+Desequenced, Akka.Persistence" = in-process-only
          }
          serialization-identifiers { "Tuner.Coordinator.Tests.Support.InProcessOnlySerializer, Tuner.Coordinator.Tests" = 4712 }
        }
        """;

    private static readonly ConcurrentDictionary<string, object> Held = new();

    public override int Identifier => 4712;

    public override string Manifest(object o) => "held";

    public override byte[] ToBinary(object obj)
    {
        var key = Guid.NewGuid().ToString("N");
        Held[key] = obj;
        return System.Text.Encoding.ASCII.GetBytes(key);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        Held.TryRemove(System.Text.Encoding.ASCII.GetString(bytes), out var obj) ? obj : throw new InvalidOperationException("in-process message not found");
}
