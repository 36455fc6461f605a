using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Configuration;
using Tuner.Runtime.Serialization;
using Tuner.Tests.Shared;

namespace Tuner.Runtime.Tests.Persistence;

/// <summary>The journal and snapshot configuration works on a real SQLite file and a real PostgreSQL
/// server: events persisted by one actor system are recovered by the next, through the Tuner serializer.</summary>
public sealed class JournalTests
{
    public sealed record Noted(string JobId, int Value) : ITunerMessage, IWithJobId;

    private sealed class Counter : ReceivePersistentActor
    {
        private readonly List<int> _values = [];

        public Counter(string id)
        {
            PersistenceId = id;
            Recover<Noted>(e => _values.Add(e.Value));
            Recover<SnapshotOffer>(s => _values.AddRange((int[])s.Snapshot));
            Command<int>(v => Persist(new Noted(id, v), e => { _values.Add(e.Value); Sender.Tell("ok"); }));
            Command<string>(s => s == "snap", _ => { SaveSnapshot(_values.ToArray()); Sender.Tell("ok"); });
            Command<string>(s => s == "get", _ => Sender.Tell(_values.ToArray()));
            Command<SaveSnapshotSuccess>(_ => { });
        }

        public override string PersistenceId { get; }
    }

    private static async Task PersistThenRecover(DatabaseTarget db)
    {
        var config = PersistenceConfig.For(db).WithFallback(ConfigurationFactory.ParseString(SerializationConfig.Hocon + "\nakka.loglevel = WARNING"));
        var id = $"job-{Guid.NewGuid():N}";
        using (var system = ActorSystem.Create("journal", config))
        {
            var counter = system.ActorOf(Props.Create(() => new Counter(id)));
            for (int i = 1; i <= 3; i++) await counter.Ask<string>(i, TimeSpan.FromSeconds(20));
            await counter.Ask<string>(4, TimeSpan.FromSeconds(20));
        }
        using (var system = ActorSystem.Create("journal", config))
        {
            var counter = system.ActorOf(Props.Create(() => new Counter(id)));
            var recovered = await counter.Ask<int[]>("get", TimeSpan.FromSeconds(20));
            Assert.Equal(new[] { 1, 2, 3, 4 }, recovered);
        }
    }

    [Fact]
    public async Task Events_recover_from_a_sqlite_journal()
    {
        var file = TestDatabases.TempSqliteFile();
        try { await PersistThenRecover(DatabaseTarget.Parse(file)); }
        finally { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); File.Delete(file); }
    }

    [PostgresFact]
    public async Task Events_recover_from_a_postgres_journal()
    {
        await PersistThenRecover(DatabaseTarget.Parse(TestDatabases.CreatePostgresDatabase()));
    }
}
