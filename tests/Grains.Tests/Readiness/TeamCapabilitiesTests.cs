using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;

namespace Mobilize.Grains.Tests.Readiness;

public sealed class TeamCapabilitiesTests
{
    private static readonly DateOnly Incident = new(2025, 7, 20);

    private static Certification Cert(string capability, int expiresYear) =>
        new(capability, new(2020, 1, 1), new(expiresYear, 12, 31), null);

    private static readonly Certification[][] Members =
    [
        [Cert("water-rescue", 2026), Cert("first-aid", 2026)],
        [Cert("water-rescue", 2026), Cert("first-aid", 2026)],
        [Cert("water-rescue", 2024)],
        [],
    ];

    [Fact]
    public void qualified_members_count_only_certifications_valid_on_the_incident_date()
    {
        var counts = TeamCapabilities.QualifiedMembers(Members, Incident);
        Assert.Equal(2, counts["water-rescue"]);
        Assert.Equal(2, counts["first-aid"]);
        Assert.Equal(2, counts.Count);
    }

    [Fact]
    public void a_single_qualified_member_is_enough_for_the_team_to_offer_a_capability()
    {
        Certification[][] members = [[Cert("medical", 2026)], [], []];
        Assert.True(TeamCapabilities.Offers(members, "medical", Incident));
        Assert.Equal(["medical"], TeamCapabilities.Offered(members, Incident));
    }

    [Fact]
    public void team_whose_only_certificate_holder_has_expired_does_not_offer_the_capability()
    {
        Certification[][] members = [[Cert("water-rescue", 2024)], [Cert("first-aid", 2026)]];
        Assert.False(TeamCapabilities.Offers(members, "water-rescue", Incident));
    }

    [Fact]
    public void member_with_two_certificates_for_one_capability_counts_once()
    {
        Certification[][] members = [[Cert("medical", 2026), Cert("medical", 2027)]];
        Assert.Equal(1, TeamCapabilities.QualifiedMembers(members, Incident)["medical"]);
    }
}
