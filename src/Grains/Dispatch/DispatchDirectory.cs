using System.Collections.Concurrent;
using System.Collections.Immutable;
using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Dispatch.Replication;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>The <see cref="IDispatchDirectory"/>: the latest card per team, and a grid index of where teams are and
/// which capabilities their members hold or held. In a cluster each silo holds one, a replica: changes made by teams
/// active here apply at once and go to the other silos through the <see cref="IDirectoryOutbox"/>; theirs arrive
/// through <see cref="Apply"/>.</summary>
/// <remarks>Each card is kept with its facts derived once (<see cref="TeamFactsWindow"/>), so a search reads them
/// instead of deriving hundreds per callout. Every change carries the team's version and only a newer one is kept, so
/// changes from two silos for one team, or a snapshot crossing forwarded changes, settle on the latest.</remarks>
internal sealed class DispatchDirectory(TimeProvider time, IDirectoryOutbox? outbox = null) : IDispatchDirectory
{
    private static readonly IComparer<TeamId> ById = Comparer<TeamId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value));

    private readonly ConcurrentDictionary<TeamId, Entry> _entries = new();
    private readonly GeoGridIndex<TeamId> _index = new(keyOrder: ById);
    private readonly CapabilityCatalog _catalog = CapabilityCatalog.CreateStandard();
    // The version check and the write that follows must be one step per team; teams on other stripes go on in parallel.
    private readonly Lock[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];
    private int _count;
    // When each team's facts run out; a search first files again those that ran out before its time.
    private readonly PriorityQueue<TeamId, DateTimeOffset> _due = new();
    private readonly Dictionary<TeamId, DateTimeOffset> _queued = new();
    private readonly Lock _dueGate = new();

    public int Count => Volatile.Read(ref _count);

    public void Update(TeamCard card, long version) => Publish(new DirectoryChange(card.Team, version, card));

    public void Remove(TeamId team, long version) => Publish(new DirectoryChange(team, version, null));

    public long VersionOf(TeamId team) => _entries.TryGetValue(team, out var entry) ? entry.Version : 0;

    public bool TryGet(TeamId team, out TeamCard card)
    {
        var found = _entries.TryGetValue(team, out var entry) && entry.Window is not null;
        card = found ? entry!.Window!.Card : null!;
        return found;
    }

    /// <summary>Takes a change unless the directory already holds this version of the team or a newer one.</summary>
    /// <returns>Whether the change was taken.</returns>
    public bool Apply(DirectoryChange change)
    {
        // Derived before the lock: a change that loses to a newer one is rare, a derivation under the lock is not.
        var window = change.Card is { } card ? TeamFactsWindow.Of(card, time.GetUtcNow()) : null;
        var capabilities = window is null ? null : TeamFacts.IndexedCapabilities(window.Card);
        Entry taken;
        lock (_stripes[Stripe(change.Team)])
        {
            var known = _entries.TryGetValue(change.Team, out var held) ? held : null;
            if (known is not null && known.Version >= change.Version) return false;
            taken = _entries[change.Team] = new Entry(change.Version, window, capabilities);
            if (window is not null)
            {
                // Placed where the team is now; a search takes the facts, place included, at the incident's time.
                _index.Upsert(change.Team, window.Place.Latitude, window.Place.Longitude, _catalog.Define(capabilities!));
                if (known?.Window is null) Interlocked.Increment(ref _count);
            }
            else
            {
                _index.Remove(change.Team);
                if (known?.Window is not null) Interlocked.Decrement(ref _count);
            }
        }
        Due(change.Team, taken);
        return true;
    }

    /// <summary>Up to <paramref name="max"/> entries after <paramref name="after"/> in team order, removals included,
    /// for a silo catching up.</summary>
    public DirectorySnapshotPage Snapshot(TeamId? after, int max)
    {
        var teams = _entries.Keys.Where(t => after is not { } last || ById.Compare(t, last) > 0).Order(ById).Take(max + 1).ToList();
        var page = ImmutableArray.CreateBuilder<DirectoryChange>(Math.Min(max, teams.Count));
        foreach (var team in teams.Take(max))
            if (_entries.TryGetValue(team, out var entry)) page.Add(new DirectoryChange(team, entry.Version, entry.Window?.Card));
        return new DirectorySnapshotPage(page.ToImmutable(), teams.Count > max ? teams[max - 1] : null);
    }

    // Applied first, handed on after: a silo joining asks for a snapshot after it is on the outbox's list, so a change
    // this misses there is already in what the snapshot reads.
    private void Publish(DirectoryChange change)
    {
        if (Apply(change)) outbox?.Send(change);
    }

    public ImmutableArray<DirectoryMatch> Search(GeoPoint place, double radiusMeters, string capability, DateTimeOffset at, int limit = int.MaxValue)
    {
        if (!_catalog.TryRequire([capability], out var required)) return [];
        RefileDue(at);
        return Matches(_index.WithinRadius(place.Latitude, place.Longitude, radiusMeters, required), place, capability, at, null, limit);
    }

    public ImmutableArray<DirectoryMatch> SearchWithMargin(GeoPoint place, double radiusMeters, double outerRadiusMeters, int nearestBeyond,
        string capability, DateTimeOffset at, OrganisationId? within = null)
    {
        if (!_catalog.TryRequire([capability], out var required)) return [];
        RefileDue(at);
        var found = _index.WithinRadius(place.Latitude, place.Longitude, Math.Max(radiusMeters, outerRadiusMeters), required);
        return Matches(found, place, capability, at, within, int.MaxValue, radiusMeters, nearestBeyond);
    }

    public ImmutableArray<DirectoryMatch> Nearest(GeoPoint place, int k, string capability, double maxRadiusMeters, DateTimeOffset at)
    {
        if (!_catalog.TryRequire([capability], out var required)) return [];
        RefileDue(at);
        // A code sharing the catalogue's last bit may find teams without it: ask for more, keep the first k that hold it.
        var ask = _catalog.IsExact(capability) ? k : Math.Max(k, k * 4);
        return Matches(_index.Nearest(place.Latitude, place.Longitude, ask, required, maxRadiusMeters), place, capability, at, null, k);
    }

    public bool IsKnownCapability(string capability) => _catalog.TryGetBit(capability, out _);

    public IReadOnlyList<string> KnownCapabilities => _catalog.Codes;

    // Found nearest first, so once `beyondLimit` teams lie past `radiusMeters` every later one does too.
    private ImmutableArray<DirectoryMatch> Matches(IReadOnlyList<Neighbor<TeamId>> found, GeoPoint place, string capability, DateTimeOffset at,
        OrganisationId? within, int limit, double radiusMeters = double.PositiveInfinity, int beyondLimit = 0)
    {
        var matches = ImmutableArray.CreateBuilder<DirectoryMatch>();
        var beyond = 0;
        foreach (var neighbor in found)
        {
            if (matches.Count >= limit) break;
            if (!_entries.TryGetValue(neighbor.Key, out var entry) || entry.Window is null) continue;
            // The index's bits are a filter (rare codes share one); the card says whether the team holds the code.
            if (!entry.Capabilities!.Contains(capability)) continue;
            var facts = FactsAt(neighbor.Key, entry, at);
            if (!RecruitmentJurisdiction.Admits(within, facts)) continue;
            if (neighbor.DistanceMeters > radiusMeters && ++beyond > beyondLimit) break;
            matches.Add(new DirectoryMatch(facts, facts.Location is { } where ? where.DistanceMetersTo(place) : neighbor.DistanceMeters));
        }
        return matches.ToImmutable();
    }

    // A window that has run out is derived again and kept for the searches after this one, unless the team has sent a
    // new card meanwhile; a search back in time (before the window) derives facts once and keeps nothing.
    private CandidateFacts FactsAt(TeamId team, Entry entry, DateTimeOffset at)
    {
        var window = entry.Window!;
        if (window.Covers(at)) return window.FactsAt(at);
        if (at < window.From) return TeamFacts.At(window.Card, at);
        return Refresh(team, entry, at).FactsAt(at);
    }

    /// <summary>Derives a team's facts again at <paramref name="at"/> and files it where they now place it: a shift or a
    /// rest that ends moves the team's place (the member who reported last may no longer deploy, another may again)
    /// without any card from the team.</summary>
    private TeamFactsWindow Refresh(TeamId team, Entry entry, DateTimeOffset at)
    {
        var fresh = TeamFactsWindow.Of(entry.Window!.Card, at);
        Entry replaced;
        lock (_stripes[Stripe(team)])
        {
            // A newer card taken meanwhile is filed already and wins.
            if (!_entries.TryGetValue(team, out var current) || !ReferenceEquals(current, entry)) return fresh;
            replaced = _entries[team] = new Entry(entry.Version, fresh, entry.Capabilities);
            if (fresh.Place != entry.Window.Place)
                _index.Upsert(team, fresh.Place.Latitude, fresh.Place.Longitude, _catalog.Define(entry.Capabilities!));
        }
        Due(team, replaced);
        return fresh;
    }

    /// <summary>Files again, before a search at <paramref name="at"/>, every team whose facts ran out by then, so the
    /// index finds each team where its facts place it at the search's time.</summary>
    private void RefileDue(DateTimeOffset at)
    {
        List<TeamId>? due = null;
        lock (_dueGate)
        {
            while (_due.TryPeek(out var team, out var until) && until <= at)
            {
                _due.Dequeue();
                if (_queued.TryGetValue(team, out var queued) && queued == until) _queued.Remove(team);
                (due ??= []).Add(team);
            }
        }
        if (due is null) return;
        foreach (var team in due)
        {
            if (!_entries.TryGetValue(team, out var entry) || entry.Window is not { } window) continue;
            if (at >= window.Until) Refresh(team, entry, at);
            else Due(team, entry);
        }
    }

    // One queued instant per team, the earliest its current facts need: moves replace a card many times a minute
    // and mostly keep its window's end, so the queue stays about one item per team.
    private void Due(TeamId team, Entry entry)
    {
        if (entry.Window is not { } window) return;
        lock (_dueGate)
        {
            if (_queued.TryGetValue(team, out var queued) && queued <= window.Until) return;
            _queued[team] = window.Until;
            _due.Enqueue(team, window.Until);
        }
    }

    private int Stripe(TeamId team) => (team.GetHashCode() & int.MaxValue) % _stripes.Length;

    /// <param name="Window">Null once the team is removed: the version stays, so an older card does not bring it back.</param>
    // A class: TryUpdate above replaces exactly the entry it read, compared by reference.
    private sealed class Entry(long version, TeamFactsWindow? window, ImmutableHashSet<string>? capabilities)
    {
        public long Version { get; } = version;

        public TeamFactsWindow? Window { get; } = window;

        /// <summary>Every capability the team's members hold or held, as filed in the index.</summary>
        public ImmutableHashSet<string>? Capabilities { get; } = capabilities;
    }
}
