namespace Tuner.Runtime.Serialization;

/// <summary>HOCON binding <see cref="Contracts.Protocol.ITunerMessage"/> to <see cref="TunerJsonSerializer"/>.</summary>
public static class SerializationConfig
{
    public const string Hocon = """
        akka.actor {
          serializers { tuner-json = "Tuner.Runtime.Serialization.TunerJsonSerializer, Tuner.Runtime" }
          serialization-bindings { "Tuner.Contracts.Protocol.ITunerMessage, Tuner.Contracts" = tuner-json }
          serialization-identifiers { "Tuner.Runtime.Serialization.TunerJsonSerializer, Tuner.Runtime" = 4711 }
        }
        """;
}
