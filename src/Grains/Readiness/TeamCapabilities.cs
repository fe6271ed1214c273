using System.Collections.Immutable;
using Mobilize.Grains.Registry;

namespace Mobilize.Grains.Readiness;

/// <summary>A team's capabilities, derived from its members' certifications valid on a given date.</summary>
public static class TeamCapabilities
{
    /// <summary>For each capability, how many members hold a certification for it valid on <paramref name="date"/>.</summary>
    public static ImmutableDictionary<string, int> QualifiedMembers(IEnumerable<IEnumerable<Certification>> memberCertifications, DateOnly date) =>
        memberCertifications
            .SelectMany(member => ReadinessRules.ValidCapabilities(member, date))
            .GroupBy(capability => capability, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Capabilities the team offers on <paramref name="date"/>.</summary>
    // One qualified member is enough to offer it: how many a task needs is the requirement's MinimumMembers, and the
    // gate checks it against the qualified count so the commander sees "too few qualified members", not silence.
    public static ImmutableHashSet<string> Offered(IEnumerable<IEnumerable<Certification>> memberCertifications, DateOnly date) =>
        QualifiedMembers(memberCertifications, date).Keys.ToImmutableHashSet(StringComparer.Ordinal);

    public static bool Offers(IEnumerable<IEnumerable<Certification>> memberCertifications, string capability, DateOnly date) =>
        QualifiedMembers(memberCertifications, date).ContainsKey(capability);
}
