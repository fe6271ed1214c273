using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Registry;

public sealed class TeamRegistrationTests
{
    private static TeamRegistration Valid() => new(
        "朝阳区水上救援队", OrganisationId.Create("org-chaoyang"), VolunteerId.Create("v-1"), new GeoPoint(39.92, 116.44), 4);

    [Fact]
    public void complete_team_registration_is_valid()
    {
        Assert.Empty(Valid().Validate());
    }

    [Fact]
    public void every_bad_team_field_is_reported_at_once()
    {
        var team = new TeamRegistration("x", default, default, new GeoPoint(95, 200), 0);
        Assert.Equal(
            ["name", "organisationId", "leaderId", "baseLocation.latitude", "baseLocation.longitude", "minimumMembersToMuster"],
            team.Validate().Select(e => e.Field));
    }

    [Fact]
    public void team_that_musters_with_a_single_member_is_valid()
    {
        Assert.Empty((Valid() with { MinimumMembersToMuster = 1 }).Validate());
    }
}
