using System.Collections.Concurrent;
using System.Collections.Immutable;
using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>The <see cref="IDispatchDirectory"/>: the latest card per team, and a grid index of where teams are and
/// which capabilities their members hold or held.</summary>
/// <remarks>Each card is kept with its facts derived once (<see cref="TeamFactsWindow"/>), so a search reads them
/// instead of deriving hundreds per callout.</remarks>
internal sealed class DispatchDirectory(TimeProvider time) : IDispatchDirectory
{
    private static readonly IComparer<TeamId> ById = Comparer<TeamId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value));

    private readonly ConcurrentDictionary<TeamId, TeamFactsWindow> _cards = new();
    private readonly GeoGridIndex<TeamId> _index = new(keyOrder: ById);
    private readonly CapabilityCatalog _catalog = CapabilityCatalog.CreateStandard();

    public int Count => _cards.Count;

    public void Update(TeamCard card)
    {
        var window = TeamFactsWindow.Of(card, time.GetUtcNow());
        _cards[card.Team] = window;
        // Placed where the team is now; a search takes the facts, place included, at the incident's time.
        _index.Upsert(card.Team, window.Place.Latitude, window.Place.Longitude, _catalog.Define(TeamFacts.IndexedCapabilities(card)));
    }

    public void Remove(TeamId team)
    {
        _cards.TryRemove(team, out _);
        _index.Remove(team);
    }

    public bool TryGet(TeamId team, out TeamCard card)
    {
        var found = _cards.TryGetValue(team, out var window);
        card = window?.Card!;
        return found;
    }

    public ImmutableArray<DirectoryMatch> Search(GeoPoint place, double radiusMeters, string capability, DateTimeOffset at, int limit = int.MaxValue)
    {
        if (!_catalog.TryRequire([capability], out var required)) return [];
        return Matches(_index.WithinRadius(place.Latitude, place.Longitude, radiusMeters, required), place, at, limit);
    }

    public ImmutableArray<DirectoryMatch> SearchWithMargin(GeoPoint place, double radiusMeters, double outerRadiusMeters, int nearestBeyond,
        string capability, DateTimeOffset at)
    {
        if (!_catalog.TryRequire([capability], out var required)) return [];
        var found = _index.WithinRadius(place.Latitude, place.Longitude, Math.Max(radiusMeters, outerRadiusMeters), required);
        return Matches(found, place, at, int.MaxValue, radiusMeters, nearestBeyond);
    }

    public ImmutableArray<DirectoryMatch> Nearest(GeoPoint place, int k, string capability, double maxRadiusMeters, DateTimeOffset at)
    {
        if (!_catalog.TryRequire([capability], out var required)) return [];
        return Matches(_index.Nearest(place.Latitude, place.Longitude, k, required, maxRadiusMeters), place, at, k);
    }

    // Found nearest first, so once `beyondLimit` teams lie past `radiusMeters` every later one does too.
    private ImmutableArray<DirectoryMatch> Matches(IReadOnlyList<Neighbor<TeamId>> found, GeoPoint place, DateTimeOffset at, int limit,
        double radiusMeters = double.PositiveInfinity, int beyondLimit = 0)
    {
        var matches = ImmutableArray.CreateBuilder<DirectoryMatch>();
        var beyond = 0;
        foreach (var neighbor in found)
        {
            if (matches.Count >= limit) break;
            if (neighbor.DistanceMeters > radiusMeters && ++beyond > beyondLimit) break;
            if (!_cards.TryGetValue(neighbor.Key, out var window)) continue;
            var facts = FactsAt(neighbor.Key, window, at);
            matches.Add(new DirectoryMatch(facts, facts.Location is { } where ? where.DistanceMetersTo(place) : neighbor.DistanceMeters));
        }
        return matches.ToImmutable();
    }

    // A window that has run out is derived again and kept for the searches after this one, unless the team has sent a
    // new card meanwhile; a search back in time (before the window) derives facts once and keeps nothing.
    private CandidateFacts FactsAt(TeamId team, TeamFactsWindow window, DateTimeOffset at)
    {
        if (window.Covers(at)) return window.FactsAt(at);
        if (at < window.From) return TeamFacts.At(window.Card, at);
        var fresh = TeamFactsWindow.Of(window.Card, at);
        _cards.TryUpdate(team, fresh, window);
        return fresh.FactsAt(at);
    }
}
