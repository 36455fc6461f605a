namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>Matches workers' idle slots to jobs, fairly: a worker's pending request (all its idle slots) is offered
/// whole, one offer at a time, to the running jobs in round-robin order; the job takes what it has work for and the
/// rest goes to the next job. After a job takes work, the next offer starts at the job after it, so jobs alternate
/// on shared workers; when every job has had the request and slots remain, matching rests until something may have
/// changed (<see cref="Wake"/>, a new job, a new request).</summary>
/// <typeparam name="TWorker">How a worker is reached (an actor ref; anything in tests).</typeparam>
public sealed class WorkMatcher<TWorker> where TWorker : class
{
    private readonly List<Request> _pending = [];
    private readonly List<string> _jobs = [];
    private readonly HashSet<string> _tried = new(StringComparer.Ordinal);
    private string? _roundWorker;
    private int _next;

    /// <summary>A worker's idle slots waiting for work.</summary>
    public sealed record Request(string WorkerId, IReadOnlyList<int> Slots, TWorker Worker);

    /// <summary>Offer the slots of <paramref name="Request"/> to job <paramref name="JobId"/>.</summary>
    public sealed record Offer(Request Request, string JobId)
    {
        public bool Matches(string jobId, string workerId) => JobId == jobId && Request.WorkerId == workerId;
    }

    public IReadOnlyList<Request> Pending => _pending;

    public IReadOnlyList<string> Jobs => _jobs;

    /// <summary>The offer awaiting a job's answer (at most one at a time).</summary>
    public Offer? InFlight { get; private set; }

    /// <summary>Every job had the current request and slots remain; nothing is offered until something changes.</summary>
    public bool Resting { get; private set; }

    /// <summary>Adds <paramref name="slots"/> to the worker's pending request (a slot already pending is not added
    /// twice). True when the worker had no request before.</summary>
    public bool AddRequest(string workerId, IReadOnlyList<int> slots, TWorker worker)
    {
        var index = _pending.FindIndex(r => r.WorkerId == workerId);
        if (index >= 0)
        {
            var known = _pending[index];
            var added = slots.Where(s => !known.Slots.Contains(s)).Distinct().ToList();
            if (added.Count == 0 && Equals(known.Worker, worker)) return false;
            _pending[index] = new Request(workerId, [.. known.Slots, .. added], worker);
            Wake(); // more slots, or another actor: worth offering again
            return false;
        }
        if (slots.Count == 0) return false;
        _pending.Add(new Request(workerId, slots.Distinct().ToList(), worker));
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
        _roundWorker = null;
    }

    /// <summary>The next offer to send, or null (one in flight, resting, nothing pending, or no job).</summary>
    public Offer? Next()
    {
        if (InFlight is not null || Resting || _pending.Count == 0 || _jobs.Count == 0) return null;
        var request = _roundWorker is null ? null : _pending.Find(r => r.WorkerId == _roundWorker);
        if (request is null)
        {
            request = _pending[0];
            _roundWorker = request.WorkerId;
            _tried.Clear();
        }
        for (var i = 0; i < _jobs.Count; i++)
        {
            var job = _jobs[(_next + i) % _jobs.Count];
            if (!_tried.Add(job)) continue;
            return InFlight = new Offer(request, job);
        }
        // Every job had its turn: work availability does not depend on the worker, so other requests would fare no better.
        Resting = true;
        _roundWorker = null;
        return null;
    }

    /// <summary>The job answered the offer to <paramref name="workerId"/>: it took <paramref name="taken"/> (perhaps
    /// none). Taken slots are served; the rest stays pending for the next job. After a job took work, the next round
    /// starts at the job after it.</summary>
    public void Answered(string jobId, string workerId, IReadOnlyCollection<int> taken)
    {
        if (taken.Count > 0)
        {
            var index = _pending.FindIndex(r => r.WorkerId == workerId);
            if (index >= 0)
            {
                var left = _pending[index].Slots.Where(s => !taken.Contains(s)).ToList();
                if (left.Count == 0) _pending.RemoveAt(index);
                else _pending[index] = _pending[index] with { Slots = left };
            }
            var job = _jobs.IndexOf(jobId);
            if (job >= 0) _next = (job + 1) % _jobs.Count;
        }
        if (InFlight?.Matches(jobId, workerId) == true) InFlight = null;
    }
}
