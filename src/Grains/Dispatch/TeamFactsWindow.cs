using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>A team's facts derived once, with the span of time over which deriving them again would give the same
/// answer: from the instant they were derived until a shift or a rest ends or the service date turns.</summary>
/// <remarks>
/// A callout gates hundreds of teams; deriving each one's facts from its members' cards on every search was most of
/// the cost of creating an incident. Facts only change with time at those instants (certificates and insurance run by
/// the date), so one derivation serves every search until then; a new card replaces the window.
/// </remarks>
public sealed class TeamFactsWindow
{
    private readonly CandidateFacts _facts;
    private readonly bool _placedAtBase;

    private TeamFactsWindow(TeamCard card, CandidateFacts facts, bool placedAtBase, DateTimeOffset from, DateTimeOffset until)
    {
        Card = card;
        _facts = facts;
        _placedAtBase = placedAtBase;
        From = from;
        Until = until;
    }

    public TeamCard Card { get; }

    public DateTimeOffset From { get; }

    /// <summary>The first instant at which the facts may differ.</summary>
    public DateTimeOffset Until { get; }

    /// <summary>Where the directory files the team: its freshest member's report, else its base.</summary>
    public GeoPoint Place => _facts.Location ?? Card.Base;

    public static TeamFactsWindow Of(TeamCard card, DateTimeOffset at)
    {
        var facts = TeamFacts.At(card, at, out var placedAtBase);
        return new TeamFactsWindow(card, facts, placedAtBase, at, StableUntil(card, at));
    }

    public bool Covers(DateTimeOffset at) => From <= at && at < Until;

    /// <summary>The facts at <paramref name="at"/>, which must be covered.</summary>
    /// <remarks>A team placed at its base is reported "as of now" (a base does not go stale), the one fact that moves with every instant.</remarks>
    public CandidateFacts FactsAt(DateTimeOffset at) =>
        !Covers(at) ? throw new ArgumentOutOfRangeException(nameof(at), at, $"Facts hold from {From:O} until {Until:O}.")
        : _placedAtBase && at != From ? _facts with { LocationReportedAt = at }
        : _facts;

    /// <summary>The earliest instant after <paramref name="at"/> at which <see cref="TeamFacts.At"/> may answer differently.</summary>
    public static DateTimeOffset StableUntil(TeamCard card, DateTimeOffset at)
    {
        var until = NextServiceDay(at);
        until = Earlier(until, Ends(card.Duty, card.OnCallUntil, card.RestUntil, at));
        foreach (var member in card.Members)
            until = Earlier(until, Ends(member.Readiness.Status, member.Readiness.OnCallUntil, member.Readiness.RestUntil, at));
        return until;
    }

    // The instant this status stops being what ReadinessRules.EffectiveStatus says at `at`, if it is still ahead.
    private static DateTimeOffset? Ends(DutyStatus status, DateTimeOffset? onCallUntil, DateTimeOffset? restUntil, DateTimeOffset at) => status switch
    {
        DutyStatus.OnCall when onCallUntil > at => onCallUntil,
        DutyStatus.Resting when restUntil > at => restUntil,
        _ => null,
    };

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset? b) => b is { } value && value < a ? value : a;

    private static DateTimeOffset NextServiceDay(DateTimeOffset at)
    {
        var local = at.ToOffset(ServiceCalendar.ChinaStandardTime);
        return new DateTimeOffset(local.Date.AddDays(1), ServiceCalendar.ChinaStandardTime);
    }
}
