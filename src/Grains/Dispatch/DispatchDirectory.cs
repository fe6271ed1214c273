using System.Collections.Concurrent;
using System.Collections.Immutable;
using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>The <see cref="IDispatchDirectory"/>: the latest card per team, and a grid index of where teams are and
/// which capabilities their members hold or held.</summary>
internal sealed class DispatchDirectory(TimeProvider time) : IDispatchDirectory
{
    private static readonly IComparer<TeamId> ById = Comparer<TeamId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value));

    private readonly ConcurrentDictionary<TeamId, TeamCard> _cards = new();
    private readonly GeoGridIndex<TeamId> _index = new(keyOrder: ById);
    private readonly CapabilityCatalog _catalog = CapabilityCatalog.CreateStandard();

    public int Count => _cards.Count;

    public void Update(TeamCard card)
    {
        _cards[card.Team] = card;
        // Placed where the team is now; a search re-derives the facts, place included, at the incident's time.
        var facts = TeamFacts.At(card, time.GetUtcNow());
        var place = facts.Location ?? card.Base;
        _index.Upsert(card.Team, place.Latitude, place.Longitude, _catalog.Define(TeamFacts.IndexedCapabilities(card)));
    }

    public void Remove(TeamId team)
    {
        _cards.TryRemove(team, out _);
        _index.Remove(team);
    }

    public bool TryGet(TeamId team, out TeamCard card) => _cards.TryGetValue(team, out card!);

    public ImmutableArray<DirectoryMatch> Search(GeoPoint place, double radiusMeters, string capability, DateTimeOffset at, int limit = int.MaxValue)
    {
        if (!_catalog.TryRequire([capability], out var required)) return [];
        return Matches(_index.WithinRadius(place.Latitude, place.Longitude, radiusMeters, required), place, at, limit);
    }

    public ImmutableArray<DirectoryMatch> Nearest(GeoPoint place, int k, string capability, double maxRadiusMeters, DateTimeOffset at)
    {
        if (!_catalog.TryRequire([capability], out var required)) return [];
        return Matches(_index.Nearest(place.Latitude, place.Longitude, k, required, maxRadiusMeters), place, at, k);
    }

    private ImmutableArray<DirectoryMatch> Matches(IReadOnlyList<Neighbor<TeamId>> found, GeoPoint place, DateTimeOffset at, int limit)
    {
        var matches = ImmutableArray.CreateBuilder<DirectoryMatch>();
        foreach (var neighbor in found)
        {
            if (matches.Count >= limit) break;
            if (!_cards.TryGetValue(neighbor.Key, out var card)) continue;
            var facts = TeamFacts.At(card, at);
            matches.Add(new DirectoryMatch(facts, facts.Location is { } where ? where.DistanceMetersTo(place) : neighbor.DistanceMeters));
        }
        return matches.ToImmutable();
    }
}
