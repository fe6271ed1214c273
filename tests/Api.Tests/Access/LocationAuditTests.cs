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

    [Fact]
    public async Task a_location_report_is_answered_with_the_position_as_a_read_would_show_it_to_the_caller_fresh_or_stale()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var team = await world.Team("team", city, 39.91, 116.36, 2, "first-aid");
        var volunteer = team.Members[1];
        var location = $"/api/volunteers/{volunteer}/location";
        var status = $"/api/volunteers/{volunteer}/status";
        using var phone = _app.CreateVolunteerClient(volunteer);
        async Task<int> PreciseViews() => (await world.Get("/api/audit")).AsArray()
            .Count(e => (string?)e!["action"] == "volunteer.location.precise" && (string?)e["subject"] == volunteer);

        // The volunteer's own phone hears its fix back to the metre.
        var own = await (await phone.PutJson(location, new { latitude = 39.914567, longitude = 116.367891, accuracyMeters = 8 })).Expect(HttpStatusCode.OK);
        Assert.Equal((39.914567, 8.0), ((double)own["location"]!["point"]!["latitude"]!, (double)own["location"]!["accuracyMeters"]!));

        // An administrator relaying a report (a gateway) is answered on the coarse grid, as GET …/status answers them.
        _app.Clock.Advance(TimeSpan.FromSeconds(5));
        var relayed = await (await world.Client.PutJson(location, new { latitude = 39.915678, longitude = 116.368912, accuracyMeters = 6 }))
            .Expect(HttpStatusCode.OK);
        var read = await world.Get(status);
        Assert.Equal(read["location"]!.ToJsonString(), relayed["location"]!.ToJsonString());
        Assert.Equal((39.92, 1000.0), ((double)relayed["location"]!["point"]!["latitude"]!, (double)relayed["location"]!["accuracyMeters"]!));

        // A stale report is ignored; its answer carries the kept position, still coarse for the administrator.
        var stale = await (await world.Client.PutJson(location, new
        {
            latitude = 39.80, longitude = 116.20, accuracyMeters = 5, reportedAt = _app.Clock.GetUtcNow().AddMinutes(-30),
        })).Expect(HttpStatusCode.OK);
        Assert.Equal(read["location"]!.ToJsonString(), stale["location"]!.ToJsonString());
        Assert.Equal(0, await PreciseViews());
    }
}
