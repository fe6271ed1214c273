using System.Globalization;
using System.Xml.Linq;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Exercises;

namespace Mobilize.Grains.Alerting;

/// <summary>An incident as a Common Alerting Protocol 1.2 alert, so other alerting systems can take it in. An exercise
/// says <c>Exercise</c> in <c>status</c> and carries the exercise label in its note and headline.</summary>
public static class CapAlert
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";
    public const string ContentType = "application/cap+xml";

    private static readonly XNamespace Cap = Namespace;

    public static XDocument For(IncidentSummary incident, string senderDomain)
    {
        var stoodDown = incident.Status == IncidentStatus.StoodDown;
        var radius = incident.Requirements.Select(r => r.RadiusMeters).DefaultIfEmpty(1_000).Max();
        var headline = (incident.Exercise ? ExerciseMarking.Label + " " : "") + $"{incident.IncidentType} — volunteer callout";
        var alert = new XElement(Cap + "alert",
            new XElement(Cap + "identifier", incident.Id.Value),
            new XElement(Cap + "sender", $"{incident.Organisation.Value}@{senderDomain}"),
            new XElement(Cap + "sent", Time(incident.CreatedAt)),
            new XElement(Cap + "status", incident.Exercise ? "Exercise" : "Actual"),
            new XElement(Cap + "msgType", "Alert"),
            new XElement(Cap + "scope", "Restricted"),
            new XElement(Cap + "restriction", "Volunteer responders and their commanders"),
            incident.Exercise ? new XElement(Cap + "note", ExerciseMarking.Label) : null,
            new XElement(Cap + "info",
                new XElement(Cap + "language", "zh-CN"),
                new XElement(Cap + "category", Category(incident.IncidentType)),
                new XElement(Cap + "event", incident.IncidentType),
                new XElement(Cap + "responseType", stoodDown ? "AllClear" : "Prepare"),
                new XElement(Cap + "urgency", stoodDown ? "Past" : "Immediate"),
                new XElement(Cap + "severity", Severity(incident.Severity)),
                new XElement(Cap + "certainty", "Observed"),
                new XElement(Cap + "senderName", incident.Organisation.Value),
                new XElement(Cap + "headline", headline),
                incident.Description is { } description ? new XElement(Cap + "description", description) : null,
                new XElement(Cap + "area",
                    new XElement(Cap + "areaDesc", $"{incident.IncidentType} {incident.Organisation.Value}"),
                    new XElement(Cap + "circle", Circle(incident, radius)))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), alert);
    }

    /// <summary>CAP categories by the incident types Mobilize's plans use; anything else is a rescue.</summary>
    public static string Category(string incidentType) => incidentType.ToLowerInvariant() switch
    {
        "flood" or "typhoon" or "storm" or "snowstorm" or "rainstorm" => "Met",
        "earthquake" or "landslide" or "mudslide" => "Geo",
        "fire" or "wildfire" => "Fire",
        "epidemic" => "Health",
        "chemical" => "CBRNE",
        _ => "Rescue",
    };

    /// <summary>Severity 1 (least) to 4 (most) onto CAP's four words.</summary>
    public static string Severity(int severity) => severity switch
    {
        >= 4 => "Extreme",
        3 => "Severe",
        2 => "Moderate",
        _ => "Minor",
    };

    // CAP 1.2 wants "2026-07-20T08:00:00+08:00": no fractions, an explicit offset, never "Z", and UTC as "-00:00".
    private static string Time(DateTimeOffset at) => at.Offset == TimeSpan.Zero
        ? at.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "-00:00"
        : at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    // "lat,lon radius" with the radius in kilometres.
    private static string Circle(IncidentSummary incident, double radiusMeters) => string.Create(CultureInfo.InvariantCulture,
        $"{incident.Place.Latitude:0.######},{incident.Place.Longitude:0.######} {radiusMeters / 1000:0.###}");
}
