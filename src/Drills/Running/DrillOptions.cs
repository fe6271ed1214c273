using System.Collections.Immutable;
using Mobilize.Drills.Phones;

namespace Mobilize.Drills.Running;

/// <param name="RunTag">Part of every incident id, so reruns against one server do not collide; fixed for a reproducible run.</param>
/// <param name="TimeScale">Drill seconds per wall second; the server must run with <c>--clock-rate</c> of the same value.</param>
/// <param name="HubPhones">How many phones listen on the volunteer hub (one WebSocket each).</param>
/// <param name="LongPollPhones">How many hold a long poll on the pull feed; the rest poll every <see cref="PollInterval"/>.
/// Each open connection costs a file descriptor on both sides, and this machine allows 20,000 per process.</param>
/// <param name="Drain">After the last inject, how long open incidents may still fill before everything is stood down.</param>
/// <param name="Token">An administrator's token: the drill registers people and mints each phone its volunteer token.</param>
public sealed record DrillOptions(
    Uri Server,
    string? Token,
    int Seed,
    string RunTag,
    double TimeScale = 1,
    int HubPhones = 500,
    int LongPollPhones = 4_000,
    TimeSpan? PollInterval = null,
    int SetupParallel = 32,
    TimeSpan? Drain = null,
    bool StandDownAtEnd = true)
{
    public TimeSpan PollEvery => PollInterval ?? TimeSpan.FromSeconds(30);

    /// <summary>Deals transports deterministically: hub first, then long poll, then periodic poll.</summary>
    public PhoneTransport TransportOf(int index, int total) =>
        index < Math.Min(HubPhones, total) ? PhoneTransport.Hub
        : index < Math.Min(HubPhones + LongPollPhones, total) ? PhoneTransport.LongPoll
        : PhoneTransport.Poll;
}

/// <summary>A finished drill: what happened and how fast. Wall seconds where named; time to fill is on the server's
/// clock (drill time: divide by the time scale for wall seconds).</summary>
public sealed record DrillResult(
    string Scenario,
    int Seed,
    double TimeScale,
    int Teams,
    int Volunteers,
    ImmutableDictionary<string, int> Transports,
    DrillCounts Counts,
    ImmutableDictionary<string, double> OffersRecordedWallSeconds,
    ImmutableDictionary<string, double> FirstOfferHeardWallSeconds,
    ImmutableDictionary<string, double> TimeToFillSeconds,
    TimeSpan SetupWall,
    TimeSpan RunWall,
    string? ExerciseId,
    ImmutableArray<string> Errors);
