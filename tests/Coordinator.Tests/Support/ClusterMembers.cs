using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster;
using Akka.Util;

namespace Tuner.Coordinator.Tests.Support;

/// <summary>Cluster members for membership events sent to an actor by hand: Akka makes them only inside a cluster
/// (<c>Member.Create</c> is internal), so this calls it by reflection and fails loudly if an upgrade renames it.</summary>
internal static class ClusterMembers
{
    private static readonly MethodInfo Create = typeof(Member).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static,
        [typeof(UniqueAddress), typeof(ImmutableHashSet<string>), typeof(AppVersion)])
        ?? throw new InvalidOperationException("Akka.Cluster.Member.Create(UniqueAddress, ImmutableHashSet<string>, AppVersion) is gone");

    public static Member At(Address address) =>
        (Member)Create.Invoke(null, [new UniqueAddress(address, 1), ImmutableHashSet<string>.Empty, AppVersion.Zero])!;
}
