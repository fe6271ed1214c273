using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Mobilize.Drills.Running;

/// <summary>What a drill has done so far, safe to read while it runs (the runner's live table) and summarised at the end.</summary>
public sealed class DrillMetrics(DrillClock clock)
{
    private readonly ConcurrentDictionary<string, IncidentTrack> _incidents = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly long[] _heardBy = new long[3];
    private long _offersHeard, _accepted, _declined, _tooLate, _refused, _checkIns, _checkInsRefused, _checkOuts, _pulls, _hubConnections, _phoneErrors;

    public IncidentTrack Created(string id, string type, string district, int needed)
    {
        var track = new IncidentTrack(id, type, district, needed, clock.Wall);
        _incidents[id] = track;
        return track;
    }

    public IReadOnlyCollection<IncidentTrack> Incidents => [.. _incidents.Values.OrderBy(t => t.CreatedWall)];

    public void OfferHeard(string incident, Phones.PhoneTransport transport)
    {
        Interlocked.Increment(ref _offersHeard);
        Interlocked.Increment(ref _heardBy[(int)transport]);
        if (_incidents.TryGetValue(incident, out var track)) track.HeardOffer(clock.Wall);
    }

    public void Answered(bool accept) => Interlocked.Increment(ref accept ? ref _accepted : ref _declined);

    public void AnswerTooLate() => Interlocked.Increment(ref _tooLate);

    public void AnswerRefused() => Interlocked.Increment(ref _refused);

    public void CheckedIn() => Interlocked.Increment(ref _checkIns);

    public void CheckInRefused() => Interlocked.Increment(ref _checkInsRefused);

    public void CheckedOut() => Interlocked.Increment(ref _checkOuts);

    public void Pulled() => Interlocked.Increment(ref _pulls);

    public void HubConnected() => Interlocked.Increment(ref _hubConnections);

    public void PhoneError(Exception e)
    {
        if (Interlocked.Increment(ref _phoneErrors) <= 20) _errors.Enqueue($"{e.GetType().Name}: {e.Message}");
    }

    public IReadOnlyCollection<string> FirstErrors => _errors;

    public DrillCounts Counts => new(
        _incidents.Count, _incidents.Values.Count(t => t.Status == "Filled"), _incidents.Values.Count(t => t.Status == "Unfillable"),
        Interlocked.Read(ref _offersHeard), Interlocked.Read(ref _accepted), Interlocked.Read(ref _declined), Interlocked.Read(ref _tooLate),
        Interlocked.Read(ref _refused), Interlocked.Read(ref _checkIns), Interlocked.Read(ref _checkInsRefused), Interlocked.Read(ref _checkOuts),
        Interlocked.Read(ref _pulls), Interlocked.Read(ref _hubConnections), Interlocked.Read(ref _phoneErrors),
        Interlocked.Read(ref _heardBy[0]), Interlocked.Read(ref _heardBy[1]), Interlocked.Read(ref _heardBy[2]));

    /// <summary>Percentiles (nearest rank) in seconds; empty input gives an empty result.</summary>
    public static ImmutableDictionary<string, double> Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return ImmutableDictionary<string, double>.Empty;
        double P(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Dictionary<string, double>
        {
            ["p50"] = P(0.5), ["p90"] = P(0.9), ["p99"] = P(0.99), ["max"] = sorted[^1], ["count"] = sorted.Length,
        }.ToImmutableDictionary();
    }
}

public sealed record DrillCounts(
    int Incidents, int Filled, int Unfillable, long OffersHeard, long Accepted, long Declined, long AnswersTooLate, long AnswersRefused,
    long CheckIns, long CheckInsRefused, long CheckOuts, long Pulls, long HubConnections, long PhoneErrors,
    long OffersHeardOnHub, long OffersHeardOnLongPoll, long OffersHeardOnPoll);

/// <summary>One incident the drill opened: when, and what the server and the phones made of it.</summary>
public sealed class IncidentTrack(string id, string type, string district, int needed, TimeSpan createdWall)
{
    private long _firstHeardTicks = -1;

    public string Id { get; } = id;

    public string Type { get; } = type;

    public string District { get; } = district;

    public int Needed { get; } = needed;

    public TimeSpan CreatedWall { get; } = createdWall;

    public int Filled { get; set; }

    /// <summary>Opening until the server answers the create; then the server's status (Recruiting, Filled, …).</summary>
    public string Status { get; set; } = "Opening";

    /// <summary>Wall time of <c>POST /api/incidents</c>: the server answers once the first wave of offers is recorded.</summary>
    public TimeSpan? OffersRecorded { get; set; }

    /// <summary>Wall time from creation until the first phone heard of an offer.</summary>
    public TimeSpan? FirstOfferHeard => Interlocked.Read(ref _firstHeardTicks) is var t and >= 0 ? TimeSpan.FromTicks(t) - CreatedWall : null;

    /// <summary>Server clock: creation to the last requirement filled, from the incident's timeline.</summary>
    public TimeSpan? TimeToFill { get; set; }

    public bool Open => Status is "Opening" or "Recruiting";

    /// <summary>Known to the server, so worth asking about.</summary>
    public bool Created => Status != "Opening" && !Status.StartsWith("refused", StringComparison.Ordinal);

    public void HeardOffer(TimeSpan wall) => Interlocked.CompareExchange(ref _firstHeardTicks, wall.Ticks, -1);
}
