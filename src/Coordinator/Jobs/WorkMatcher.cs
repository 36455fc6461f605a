namespace Tuner.Coordinator.Jobs;

/// <summary>Matches free worker slots to jobs, fairly: pending requests (one per worker slot) are offered one at a
/// time to the running jobs in round-robin order. After a job takes work, the next offer starts at the job after
/// it, so jobs alternate on a shared worker; when every job has declined, matching rests until something may have
/// changed (<see cref="Wake"/>, a new job, a new request).</summary>
/// <typeparam name="TWorker">How a worker is reached (an actor ref; anything in tests).</typeparam>
public sealed class WorkMatcher<TWorker> where TWorker : class
{
    private readonly List<Request> _pending = [];
    private readonly List<string> _jobs = [];
    private readonly HashSet<string> _tried = new(StringComparer.Ordinal);
    private Request? _roundRequest;
    private int _next;

    /// <summary>A free slot waiting for work.</summary>
    public sealed record Request(string WorkerId, int Slot, TWorker Worker);

    /// <summary>Offer <paramref name="Request"/> to job <paramref name="JobId"/>.</summary>
    public sealed record Offer(Request Request, string JobId)
    {
        public bool Matches(string jobId, string workerId, int slot) => JobId == jobId && Request.WorkerId == workerId && Request.Slot == slot;
    }

    public IReadOnlyList<Request> Pending => _pending;

    public IReadOnlyList<string> Jobs => _jobs;

    /// <summary>The offer awaiting a job's answer (at most one at a time).</summary>
    public Offer? InFlight { get; private set; }

    /// <summary>Every job declined the current request; nothing is offered until something changes.</summary>
    public bool Resting { get; private set; }

    /// <summary>Adds a request; a repeat for the same slot only updates its worker. True when it is new.</summary>
    public bool AddRequest(string workerId, int slot, TWorker worker)
    {
        var index = _pending.FindIndex(r => r.WorkerId == workerId && r.Slot == slot);
        if (index >= 0)
        {
            if (!Equals(_pending[index].Worker, worker)) _pending[index] = _pending[index] with { Worker = worker };
            return false;
        }
        _pending.Add(new Request(workerId, slot, worker));
        Wake();
        return true;
    }

    /// <summary>Drops the requests of workers matching <paramref name="gone"/> (terminated, unreachable).</summary>
    public int RemoveWorkers(Func<TWorker, bool> gone) => _pending.RemoveAll(r => gone(r.Worker));

    public void AddJob(string jobId)
    {
        if (_jobs.Contains(jobId)) return;
        _jobs.Add(jobId);
        Wake();
    }

    public void RemoveJob(string jobId)
    {
        var index = _jobs.IndexOf(jobId);
        if (index < 0) return;
        _jobs.RemoveAt(index);
        if (index < _next) _next--;
        if (_jobs.Count == 0 || _next >= _jobs.Count) _next = 0;
    }

    /// <summary>Some job may have work again: offer pending requests anew.</summary>
    public void Wake()
    {
        Resting = false;
        _roundRequest = null;
    }

    /// <summary>The next offer to send, or null (one in flight, resting, nothing pending, or no job).</summary>
    public Offer? Next()
    {
        if (InFlight is not null || Resting || _pending.Count == 0 || _jobs.Count == 0) return null;
        if (_roundRequest is null || !_pending.Contains(_roundRequest))
        {
            _roundRequest = _pending[0];
            _tried.Clear();
        }
        for (var i = 0; i < _jobs.Count; i++)
        {
            var job = _jobs[(_next + i) % _jobs.Count];
            if (!_tried.Add(job)) continue;
            return InFlight = new Offer(_roundRequest, job);
        }
        // Every job declined: work availability does not depend on the worker, so the other requests would be declined too.
        Resting = true;
        _roundRequest = null;
        return null;
    }

    /// <summary>The job took the slot: the request is served and the next round starts after that job.</summary>
    public void Taken(string jobId, string workerId, int slot)
    {
        _pending.RemoveAll(r => r.WorkerId == workerId && r.Slot == slot);
        if (InFlight?.Matches(jobId, workerId, slot) == true)
        {
            InFlight = null;
            _roundRequest = null;
        }
        var index = _jobs.IndexOf(jobId);
        if (index >= 0) _next = (index + 1) % _jobs.Count;
    }

    /// <summary>The job had nothing (or did not answer in time); the request goes to the next job.</summary>
    public void Declined(string jobId, string workerId, int slot)
    {
        if (InFlight?.Matches(jobId, workerId, slot) == true) InFlight = null;
    }
}
