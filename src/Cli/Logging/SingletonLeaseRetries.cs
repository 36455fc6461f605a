using Serilog.Events;

namespace Tuner.Cli.Logging;

/// <summary>While the job-manager singleton cannot take its lease (a database outage, a hand-over waiting for the old
/// holder's row to expire), Akka's singleton manager asks again every second and logs two lines each time: "Acquire lease
/// result False" and a state change from AcquiringLease to AcquiringLease. The lease says why it is not taken
/// (<see cref="Runtime.Leases.DatabaseLease"/>: a database outage once every 30 s, another owner's hold once when it starts, and
/// a warning if that lasts); these two are left out. The first try, the result True and every real state change stay.</summary>
internal sealed class SingletonLeaseRetries : ILogHint
{
    private const string ResultTemplate = "Acquire lease result ";
    private const string StateChangeTemplate = "ClusterSingletonManager state change [";

    public (bool Replaced, LogEvent? Hint) Check(LogEvent e)
    {
        var text = e.MessageTemplate.Text;
        var retry = text.StartsWith(ResultTemplate, StringComparison.Ordinal) && ILogHint.Text(e, "0") is "False"
                    || text.StartsWith(StateChangeTemplate, StringComparison.Ordinal) && ILogHint.Text(e, "0") is { } from && from == ILogHint.Text(e, "1");
        return (retry, null);
    }

}
