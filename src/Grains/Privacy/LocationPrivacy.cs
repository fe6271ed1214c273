using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Privacy;

/// <summary>Who sees where a volunteer is, to the metre, as the facts stand for one viewer.</summary>
/// <param name="IsTheVolunteer">The volunteer themself.</param>
/// <param name="CommandsTheirIncident">A commander whose jurisdiction holds the incident the volunteer is assigned to.</param>
/// <param name="CommandsTheirTeams">A commander whose jurisdiction holds one of the volunteer's teams.</param>
[GenerateSerializer, Immutable, Alias("mobilize.privacy.location-viewer")]
public sealed record LocationViewer(bool IsTheVolunteer, bool CommandsTheirIncident, bool CommandsTheirTeams);

/// <summary>A volunteer's precise position is for the commanders of an incident they are assigned to, or of their own
/// jurisdiction while they are on duty there; everyone else sees it rounded to about a kilometre.</summary>
public static class LocationPrivacy
{
    /// <summary>0.01° is 1.1 km of latitude and 0.85 km of longitude at Beijing: a district, not a doorstep.</summary>
    public const double CoarseStepDegrees = 0.01;

    public const double CoarseAccuracyMeters = 1_000;

    public static bool IsOnDuty(DutyStatus status) => status is DutyStatus.Available or DutyStatus.OnCall or DutyStatus.Assigned;

    public static bool SeesPrecise(LocationViewer viewer, DutyStatus status) =>
        viewer.IsTheVolunteer || viewer.CommandsTheirIncident || (viewer.CommandsTheirTeams && IsOnDuty(status));

    /// <summary>The report as this viewer may see it: unchanged, or on the 0.01° grid with at least a kilometre's
    /// accuracy, so a client cannot mistake it for a fix.</summary>
    public static LocationReport ForViewer(LocationReport report, LocationViewer viewer, DutyStatus status) =>
        SeesPrecise(viewer, status) ? report : Coarsen(report);

    public static LocationReport Coarsen(LocationReport report) => report with
    {
        Point = new GeoPoint(Round(report.Point.Latitude), Round(report.Point.Longitude)),
        AccuracyMeters = Math.Max(report.AccuracyMeters, CoarseAccuracyMeters),
    };

    /// <summary>A position reported during a task stops being given out <paramref name="retention"/> after the
    /// stand-down; one reported after the stand-down is a new one and unaffected.</summary>
    public static bool IsTrackExpired(LocationReport? report, DateTimeOffset? stoodDownAt, TimeSpan retention, DateTimeOffset now) =>
        report is not null && stoodDownAt is { } end && report.ReportedAt <= end && now >= end + retention;

    private static double Round(double degrees) => Math.Round(Math.Round(degrees / CoarseStepDegrees) * CoarseStepDegrees, 2);
}
