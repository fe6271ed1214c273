using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>The silo-wide, in-memory directory of teams by place and capability that incidents search.</summary>
/// <remarks>A service rather than a grain: a singleton grain would serialise every team update; this takes them concurrently.</remarks>
public interface IDispatchDirectory
{
    int Count { get; }

    /// <summary>Replaces what the directory knows about a team.</summary>
    void Update(TeamCard card);

    void Remove(TeamId team);

    bool TryGet(TeamId team, out TeamCard card);

    /// <summary>Teams within <paramref name="radiusMeters"/> of <paramref name="place"/> that hold or held
    /// <paramref name="capability"/> (expired included, so the gate can say why), nearest first, with their facts at <paramref name="at"/>.</summary>
    ImmutableArray<DirectoryMatch> Search(GeoPoint place, double radiusMeters, string capability, DateTimeOffset at, int limit = int.MaxValue);

    /// <summary>Every team <see cref="Search"/> finds within <paramref name="radiusMeters"/>, then only the
    /// <paramref name="nearestBeyond"/> nearest of those out to <paramref name="outerRadiusMeters"/>: a callout gates the
    /// first and shows the others as just too far, without paying for every team in a ring four times the circle's area.</summary>
    ImmutableArray<DirectoryMatch> SearchWithMargin(GeoPoint place, double radiusMeters, double outerRadiusMeters, int nearestBeyond,
        string capability, DateTimeOffset at);

    /// <summary>The <paramref name="k"/> nearest teams able to do <paramref name="capability"/> now, within <paramref name="maxRadiusMeters"/>.</summary>
    ImmutableArray<DirectoryMatch> Nearest(GeoPoint place, int k, string capability, double maxRadiusMeters, DateTimeOffset at);
}

/// <summary>A team found by a search: its facts for the gate, and how far it is.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.directory-match")]
public sealed record DirectoryMatch(CandidateFacts Facts, double DistanceMeters);
