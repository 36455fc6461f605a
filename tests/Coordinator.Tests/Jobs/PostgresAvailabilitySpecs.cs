using Tuner.Coordinator.Tests.Support;
using Tuner.Tests.Shared;

namespace Tuner.Coordinator.Tests.Jobs;

/// <summary>Makes a run without PostgreSQL visible: the job specs' PostgreSQL rows are only generated when the server is
/// there, and this test is reported as skipped (never as passed) when it is not.</summary>
public sealed class PostgresAvailabilitySpecs
{
    [PostgresFact]
    public void The_job_specs_also_run_against_postgres()
    {
        Assert.Contains(TestDatabases.Postgres, ((IEnumerable<object[]>)TestDatabases.Both).Select(row => (string)row[0]).ToList());
        using var connection = new Npgsql.NpgsqlConnection(TestDatabases.CreatePostgresDatabase());
        connection.Open();
    }
}
