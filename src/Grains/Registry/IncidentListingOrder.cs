using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>What a jurisdiction's incident listing holds: the <see cref="OrganisationIncidents.Kept"/> most recently
/// opened incidents, newest first, whatever order their marks arrive in. Marks arrive out of order after a crash, when
/// start-up recovery lists again what the lost write held, so position is decided by when an incident was opened,
/// never by when its mark came.</summary>
public static class IncidentListingOrder
{
    /// <summary>The listing with <paramref name="mark"/> in its place; unchanged when it is already listed or older
    /// than every incident a full listing keeps. Among incidents opened at the same instant the later arrival goes
    /// first, as a callout's own listing arrives after those launched before it.</summary>
    public static ImmutableArray<IncidentMark> Insert(ImmutableArray<IncidentMark> marks, IncidentMark mark, int kept = OrganisationIncidents.Kept)
    {
        // Older than everything a full listing keeps: the common case in a scan over years of incidents, decided at once.
        if (marks.Length >= kept && marks[kept - 1].OpenedAt > mark.OpenedAt) return marks;
        if (marks.Any(m => m.Incident == mark.Incident)) return marks;
        var at = 0;
        while (at < marks.Length && marks[at].OpenedAt > mark.OpenedAt) at++;
        if (at >= kept) return marks;
        marks = marks.Insert(at, mark);
        return marks.Length > kept ? marks.RemoveRange(kept, marks.Length - kept) : marks;
    }

    /// <summary>The listing with every one of <paramref name="marks"/> in its place.</summary>
    public static ImmutableArray<IncidentMark> Merge(ImmutableArray<IncidentMark> listing, IEnumerable<IncidentMark> marks, int kept = OrganisationIncidents.Kept)
    {
        // Oldest first, so among marks opened at one instant the order they are given in holds (the last is newest).
        foreach (var mark in marks.OrderBy(m => m.OpenedAt).ThenBy(m => m.Incident.Value, StringComparer.Ordinal))
            listing = Insert(listing, mark, kept);
        return listing;
    }

    /// <summary>Keeps, per organisation, only the marks that could still be among its newest <paramref name="kept"/>:
    /// bounded memory for a scan over every incident ever stored.</summary>
    /// <remarks>Internal: an accumulator of start-up recovery, never a message between grains.</remarks>
    internal sealed class Newest(int kept = OrganisationIncidents.Kept)
    {
        private readonly Dictionary<OrganisationId, ImmutableArray<IncidentMark>> _byOrganisation = [];

        public void Add(OrganisationId organisation, IncidentMark mark) =>
            _byOrganisation[organisation] = Insert(_byOrganisation.GetValueOrDefault(organisation, []), mark, kept);

        public IReadOnlyDictionary<OrganisationId, ImmutableArray<IncidentMark>> ByOrganisation => _byOrganisation;
    }
}
