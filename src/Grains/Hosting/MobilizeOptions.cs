using System.ComponentModel.DataAnnotations;
using Mobilize.Grains.Dispatch;

namespace Mobilize.Grains.Hosting;

/// <summary>Readiness rules that a jurisdiction may tune.</summary>
public sealed class ReadinessOptions
{
    public const string SectionName = "Mobilize:Readiness";

    /// <summary>A location report older than this no longer places a volunteer or team.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LocationMaxAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest rest after a task under the default rule (<see cref="Readiness.RestRules.Default"/>), for
    /// plans that set no rest of their own; the rest itself follows from the time worked.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3.00:00:00")]
    public TimeSpan RestPeriod { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A team's first member move after a quiet spell reaches the dispatch directory at once; further moves
    /// within this window are folded into one update at its end. Zero sends every move at once.</summary>
    /// <remarks>Phones report every few seconds to minutes and a place counts for <see cref="LocationMaxAge"/>, so
    /// a place a second or two late changes no callout, while every directory update costs a card and an index write.</remarks>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MoveCoalescingWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long after a stand-down the precise position reported during the task is still given out.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan PreciseTrackRetention { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Recruitment defaults, used where no plan says otherwise.</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Mobilize:Dispatch";

    /// <summary>Turns distance into an arrival estimate when a team gives none.</summary>
    [Range(1.0, 200.0)]
    public double DefaultTravelSpeedKmh { get; set; } = Ranking.DefaultTravelSpeedKmh;

    /// <summary>How long a team has to answer an offer when the incident has no plan.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan DefaultOfferTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The first search radius when the incident has no plan.</summary>
    [Range(100.0, ResponsePlan.MaxRadiusMeters)]
    public double DefaultRadiusMeters { get; set; } = 20_000;

    /// <summary>Offers per open slot when the incident has no plan (people answer 17–47 % of the time).</summary>
    [Range(ResponsePlan.MinOverOfferFactor, ResponsePlan.MaxOverOfferFactor)]
    public double DefaultOverOfferFactor { get; set; } = 1.5;

    /// <summary>Most candidates ranked per search; the rest wait for the next search.</summary>
    [Range(1, 10_000)]
    public int CandidatesPerSearch { get; set; } = 200;

    /// <summary>How often an incident with a pending offer deadline is called by its reminder, so an activation lost
    /// (a silo gone) comes back and times its offers out at most this long after they expire. The exact timing comes
    /// from a grain timer; this is the backstop. Orleans refuses reminder periods under a minute by default.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan DeadlineWatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many of the nearest teams just beyond a search's radius the gate also looks at, so the explanation
    /// names them as too far (out to twice the radius); the next escalation step reaches them first.</summary>
    [Range(0, 10_000)]
    public int ExplainedBeyondRadius { get; set; } = 20;

    /// <summary>How often a silo sends the other silos' directory replicas what its teams changed, the latest card per
    /// team since the last flush. A callout on another silo sees a change about this much later (plus the send).</summary>
    /// <remarks>Shorter costs more, smaller batches; a change a few tens of milliseconds late changes no callout. Read
    /// once, when the silo starts.</remarks>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan DirectoryFlushInterval { get; set; } = TimeSpan.FromMilliseconds(25);
}
