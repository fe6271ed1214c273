using System.Text.Json.Nodes;
using Mobilize.Drills.Jurisdictions;

namespace Mobilize.Drills.Phones;

/// <summary>How a phone hears about offers: the volunteer hub over a WebSocket, or the pull feed, held open (long poll)
/// or asked at intervals (a phone on a poor network).</summary>
public enum PhoneTransport
{
    Hub,
    LongPoll,
    Poll,
}

/// <summary>One volunteer's phone: which events it has seen, what it answered, where the volunteer is going.</summary>
public sealed class SimulatedPhone(SimulatedVolunteer volunteer, SimulatedTeam team, PhoneTransport transport)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seenOffers = [];
    private readonly HashSet<string> _closedOffers = [];
    private readonly Dictionary<string, string> _accepted = [];
    private long _lastSequence;

    public SimulatedVolunteer Volunteer { get; } = volunteer;

    public SimulatedTeam Team { get; } = team;

    public PhoneTransport Transport { get; } = transport;

    public bool OnDuty { get; set; } = true;

    /// <summary>The volunteer's own bearer token, minted when the phone first wakes.</summary>
    public string? Token { get; set; }

    /// <summary>Cancelled while the phone has no network; replaced when it comes back.</summary>
    public CancellationTokenSource Connection { get; set; } = new();

    public long LastSequence
    {
        get
        {
            lock (_gate) return _lastSequence;
        }
    }

    /// <summary>The events this phone has not seen yet, in order; moves the sequence on. A jump past the end of what
    /// the feed kept (after a long drop) is accepted: the offers in the gap are gone with their deadlines.</summary>
    public List<FeedEvent> Take(JsonArray events)
    {
        var fresh = new List<FeedEvent>();
        lock (_gate)
        {
            foreach (var node in events)
            {
                if (node is null) continue;
                var e = FeedEvent.From(node);
                if (e.Sequence <= _lastSequence) continue;
                _lastSequence = e.Sequence;
                fresh.Add(e);
            }
        }
        return fresh;
    }

    public void SkipTo(long sequence)
    {
        lock (_gate) _lastSequence = Math.Max(_lastSequence, sequence);
    }

    /// <summary>True the first time an offer is heard of (a hub push and a catch-up can both carry it).</summary>
    public bool FirstHeard(string offer)
    {
        lock (_gate) return _seenOffers.Add(offer);
    }

    public void Close(string offer)
    {
        lock (_gate) _closedOffers.Add(offer);
    }

    public bool IsClosed(string offer)
    {
        lock (_gate) return _closedOffers.Contains(offer);
    }

    public void Accepted(string offer, string incident)
    {
        lock (_gate) _accepted[offer] = incident;
    }

    /// <summary>The incident of an offer this volunteer accepted, once; null otherwise.</summary>
    public string? TakeAccepted(string offer)
    {
        lock (_gate) return _accepted.Remove(offer, out var incident) ? incident : null;
    }
}

/// <summary>A live event as the hub pushes it and the pull feed returns it.</summary>
public sealed record FeedEvent(long Sequence, string Kind, string? Incident, string? Team, string? Offer, string? Detail)
{
    public static FeedEvent From(JsonNode node) => new(
        node["sequence"]!.GetValue<long>(), node["kind"]!.GetValue<string>(), node["incident"]?.GetValue<string>(),
        node["team"]?.GetValue<string>(), node["offer"]?.GetValue<string>(), node["detail"]?.GetValue<string>());
}
