using System.Collections.Immutable;

namespace Mobilize.Grains.Dispatch.Replication;

/// <summary>One team's entry in the dispatch directory as a silo publishes it to the others: its card, or its removal
/// (<paramref name="Card"/> null), at a version that only grows for that team.</summary>
/// <remarks>A team grain can be active on one silo, then on another (deactivation, a silo lost), so two silos may send
/// changes for the same team out of order; a replica keeps whichever is newer, and a removal stays as a tombstone so an
/// older card arriving late does not bring the team back.</remarks>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.directory-change")]
public sealed record DirectoryChange(TeamId Team, long Version, TeamCard? Card);

/// <summary>A slice of a replica, in team order, for a silo catching up as it joins.</summary>
/// <param name="Last">The last team in this slice, to ask for the next one; null when the replica held no more.</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.directory-snapshot-page")]
public sealed record DirectorySnapshotPage(ImmutableArray<DirectoryChange> Changes, TeamId? Last);

/// <summary>Versions for directory changes.</summary>
public static class DirectoryVersions
{
    /// <summary>The version after <paramref name="last"/>, never behind the wall clock's ticks.</summary>
    /// <remarks>The wall clock, not the domain clock: a team's next activation (on this silo or another) starts from
    /// what it stored and what the local replica holds, and neither knows the moves published since the last write;
    /// the ticks put its first change past them. A drill clock runs fast and is then set back, and a test's manual
    /// clock stands still or jumps, so neither would order changes across activations.</remarks>
    public static long After(long last) => Math.Max(last + 1, DateTime.UtcNow.Ticks);
}
