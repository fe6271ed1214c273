using System.Net;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Access;

/// <summary>Each commander who sees a volunteer's position to the metre is in the audit log: who, whose, and what
/// entitled them, once per hour per viewer and volunteer rather than once per dashboard refresh.</summary>
public sealed class LocationAuditTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly MobilizeApp _app = fixture.App;

    [Fact]
    public async Task precise_position_views_are_audited_once_an_hour_per_commander_and_volunteer_and_coarse_or_own_views_not_at_all()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var district = await world.District(city, "district", "西城区");
        var team = await world.Team("team", district, 39.91, 116.36, 2, "first-aid");
        var volunteer = team.Members[1];
        using var phone = _app.CreateVolunteerClient(volunteer);
        await (await phone.PutJson($"/api/volunteers/{volunteer}/location", new { latitude = 39.914567, longitude = 116.367891, accuracyMeters = 8 }))
            .Expect(HttpStatusCode.OK);
        using var zhang = _app.CreateClient(new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(district), Subject: "commander.zhang"));
        using var li = _app.CreateClient(new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(city), Subject: "commander.li"));
        using var observer = _app.CreateClient(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(city), Subject: "observer.chen"));
        var status = $"/api/volunteers/{volunteer}/status";
        async Task<List<(string? Who, string? Reason)>> Views() => [.. (await world.Get("/api/audit")).AsArray()
            .Where(e => (string?)e!["action"] == "volunteer.location.precise" && (string?)e["subject"] == volunteer)
            .Select(e => ((string?)e!["who"], (string?)e["reason"]))];

        for (var refresh = 0; refresh < 5; refresh++)
            await (await zhang.GetAsync(status)).Expect(HttpStatusCode.OK);
        await (await li.GetAsync(status)).Expect(HttpStatusCode.OK);
        await (await observer.GetAsync(status)).Expect(HttpStatusCode.OK);
        await (await phone.GetAsync(status)).Expect(HttpStatusCode.OK);
        Assert.Equal([("commander.zhang", "on duty in the viewer's jurisdiction"), ("commander.li", "on duty in the viewer's jurisdiction")], await Views());

        _app.Clock.Advance(TimeSpan.FromMinutes(59));
        await (await zhang.GetAsync(status)).Expect(HttpStatusCode.OK);
        Assert.Equal(2, (await Views()).Count);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        // Phones report every few minutes; a position is not kept in storage (it is stale within the hour anyway).
        await (await phone.PutJson($"/api/volunteers/{volunteer}/location", new { latitude = 39.914567, longitude = 116.367891, accuracyMeters = 8 }))
            .Expect(HttpStatusCode.OK);
        var seen = await (await zhang.GetAsync(status)).Expect(HttpStatusCode.OK);
        Assert.Equal(8.0, (double)seen["location"]!["accuracyMeters"]!);
        Assert.Equal(["commander.zhang", "commander.li", "commander.zhang"], (await Views()).Select(v => v.Who));
    }
}
