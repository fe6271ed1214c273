using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>The in-memory directory of teams by place and capability that incidents search: one per silo, each a
/// replica of every team in the cluster.</summary>
/// <remarks>A service rather than a grain: a singleton grain would serialise every team update and put a network hop
/// in every search; this takes updates concurrently and answers searches in the incident's turn. Changes a team makes
/// reach the other silos' replicas a flush interval later (<c>Mobilize:Dispatch:DirectoryFlushInterval</c>), so a
/// replica can be briefly behind; acceptance stays at the team grain, so that costs at most an offer.</remarks>
public interface IDispatchDirectory
{
    int Count { get; }

    /// <summary>Replaces what the directory knows about a team, here at once and on the other silos soon after,
    /// unless it holds this <paramref name="version"/> of the team or a newer one.</summary>
    void Update(TeamCard card, long version);

    /// <summary>Forgets a team unless it holds a newer version; an older card arriving later does not bring it back.</summary>
    void Remove(TeamId team, long version);

    /// <summary>The latest version of the team the directory has taken, removals included; 0 if none.</summary>
    long VersionOf(TeamId team);

    bool TryGet(TeamId team, out TeamCard card);

    /// <summary>Teams within <paramref name="radiusMeters"/> of <paramref name="place"/> that hold or held
    /// <paramref name="capability"/> (expired included, so the gate can say why), nearest first, with their facts at <paramref name="at"/>.</summary>
    ImmutableArray<DirectoryMatch> Search(GeoPoint place, double radiusMeters, string capability, DateTimeOffset at, int limit = int.MaxValue);

    /// <summary>Every team <see cref="Search"/> finds within <paramref name="radiusMeters"/>, then only the
    /// <paramref name="nearestBeyond"/> nearest of those out to <paramref name="outerRadiusMeters"/>: a callout gates the
    /// first and shows the others as just too far, without paying for every team in a ring four times the circle's area.</summary>
    /// <param name="within">Only teams of this organisation or beneath it (null: every team).</param>
    ImmutableArray<DirectoryMatch> SearchWithMargin(GeoPoint place, double radiusMeters, double outerRadiusMeters, int nearestBeyond,
        string capability, DateTimeOffset at, OrganisationId? within = null);

    /// <summary>The <paramref name="k"/> nearest teams able to do <paramref name="capability"/> now, within <paramref name="maxRadiusMeters"/>.</summary>
    ImmutableArray<DirectoryMatch> Nearest(GeoPoint place, int k, string capability, double maxRadiusMeters, DateTimeOffset at);

    /// <summary>Some team's member holds or held a certification for <paramref name="capability"/>, or it is one of
    /// the standard codes plans use: a callout for any other code could never be filled.</summary>
    bool IsKnownCapability(string capability);

    /// <summary>Every code <see cref="IsKnownCapability"/> knows, in the order they became known.</summary>
    IReadOnlyList<string> KnownCapabilities { get; }
}

/// <summary>A team found by a search: its facts for the gate, and how far it is.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.directory-match")]
public sealed record DirectoryMatch(CandidateFacts Facts, double DistanceMeters);
