using Akka.Configuration;
using Akka.Persistence.Sql;

namespace Tuner.Runtime.Configuration;

/// <summary>Akka.Persistence.Sql journal and snapshot store on a <see cref="DatabaseTarget"/>
/// (HOCON, because Akka.Persistence.Sql.Hosting is not on the mirror). Tables are created on first use.</summary>
public static class PersistenceConfig
{
    public static Config For(DatabaseTarget db)
    {
        // SQLite has one writer at a time: concurrent journal writers only collide and back off.
        int parallelism = db.Kind == DatabaseKind.Sqlite ? 1 : 3;
        var connection = db.ConnectionString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var hocon = $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = "{{connection}}"
                  provider-name = "{{db.ProviderName}}"
                  parallelism = {{parallelism}}
                  auto-initialize = on
                  warn-on-auto-init-fail = off
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{connection}}"
                  provider-name = "{{db.ProviderName}}"
                  auto-initialize = on
                  warn-on-auto-init-fail = off
                }
              }
            }
            """;
        // The plugin's defaults (class names, table mapping) must be present, or start-up fails with
        // "Plugin class name must be defined in config property [akka.persistence.journal.sql.class]".
        return ConfigurationFactory.ParseString(hocon).WithFallback(SqlPersistence.DefaultConfiguration);
    }
}
