using System.Collections.Immutable;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Mobilize.Silo.Tests.Storage;

public enum DutyStatus
{
    OffDuty,
    OnCall,
    OnDuty,
}

public sealed record Location(double Latitude, double Longitude, DateTimeOffset At);

public sealed record Certification(string Code, DateOnly ValidUntil, ImmutableArray<string> Endorsements);

public sealed record Assignment(string IncidentId, DateTimeOffset From, DateTimeOffset? To);

/// <summary>A state shaped like the real grains' (immutable collections, nested records, enums), small
/// enough to read in a failure message.</summary>
public sealed record VolunteerRecord(
    string Name,
    int Revision,
    DutyStatus Status,
    ImmutableArray<string> Skills,
    ImmutableDictionary<string, Certification> Certifications,
    ImmutableList<Assignment> History,
    Location? LastLocation);

public sealed class TestGrainState<TState> : IGrainState<TState>
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public TState State { get; set; } = default!;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

public static class Volunteers
{
    public static VolunteerRecord Sample(string name, int revision) => new(
        name,
        revision,
        DutyStatus.OnDuty,
        ["water-rescue", "first-aid", $"skill-{revision}"],
        ImmutableDictionary<string, Certification>.Empty
            .Add("swift-water", new Certification("SRT-1", new DateOnly(2027, 3, 31), ["night", "boat"]))
            .Add("medic", new Certification("EMR", new DateOnly(2026, 12, 1), [])),
        [new Assignment($"incident-{revision}", new DateTimeOffset(2026, 7, 1, 9, 30, 0, TimeSpan.Zero), null)],
        new Location(31.2304, 121.4737 + revision / 1000.0, new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(8))));

    /// <summary>Compares field by field: ImmutableArray equality is by reference, so record equality would not do.</summary>
    public static void AssertSame(VolunteerRecord expected, VolunteerRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Revision, actual.Revision);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Skills.AsEnumerable(), actual.Skills.AsEnumerable());
        Assert.Equal(expected.Certifications.Keys.Order(), actual.Certifications.Keys.Order());
        foreach (var (key, certification) in expected.Certifications)
        {
            var stored = actual.Certifications[key];
            Assert.Equal(certification.Code, stored.Code);
            Assert.Equal(certification.ValidUntil, stored.ValidUntil);
            Assert.Equal(certification.Endorsements.AsEnumerable(), stored.Endorsements.AsEnumerable());
        }
        Assert.Equal(expected.History, actual.History);
        Assert.Equal(expected.LastLocation, actual.LastLocation);
        Assert.Equal(expected.LastLocation?.At.Offset, actual.LastLocation?.At.Offset);
    }
}
