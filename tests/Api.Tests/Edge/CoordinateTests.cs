using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Edge;

/// <summary>Coordinates out of range are refused with the field named, and the refused request changes nothing.</summary>
public sealed class CoordinateTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());
    private HttpClient Client => _world.Client;

    [Fact]
    public async Task a_team_based_beyond_the_pole_is_refused_and_not_created()
    {
        var city = await _world.City();
        var leader = await _world.Volunteer("leader", "first-aid");
        var id = _world.Id("polar");
        var problem = await (await Client.PostJson("/api/teams", new
        {
            id, name = "极地队", organisationId = city, leaderId = leader,
            baseLocation = new { latitude = 91.0, longitude = 116.4 }, minimumMembersToMuster = 1,
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["baseLocation.latitude"], problem.ErrorFields());
        await (await Client.GetAsync($"/api/teams/{id}")).Expect(HttpStatusCode.NotFound);
        var profile = await _world.Get($"/api/volunteers/{leader}");
        Assert.Empty(profile["teams"]!.AsArray());
    }

    [Fact]
    public async Task an_incident_off_the_map_is_refused_and_not_opened()
    {
        var city = await _world.City();
        var id = _world.Id("nowhere");
        var problem = await (await Client.PostJson("/api/incidents", new
        {
            id, incidentType = "flood", place = new { latitude = 39.9, longitude = 181.0 }, organisationId = city, severity = 2,
            requirements = new[] { new { key = "rescue", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["place.longitude"], problem.ErrorFields());
        await (await Client.GetAsync($"/api/incidents/{id}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_location_out_of_range_leaves_the_last_good_one_in_place()
    {
        var volunteer = await _world.Volunteer("walker", "first-aid");
        await (await Client.PutJson($"/api/volunteers/{volunteer}/location", new { latitude = 39.93, longitude = 116.42, accuracyMeters = 15 })).Expect(HttpStatusCode.OK);

        var problem = await (await Client.PutJson($"/api/volunteers/{volunteer}/location", new { latitude = -90.5, longitude = 116.42, accuracyMeters = 15 })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["latitude"], problem.ErrorFields());
        var status = await _world.Get($"/api/volunteers/{volunteer}/status");
        Assert.Equal(39.93, (double)status["location"]!["point"]!["latitude"]!);
    }

    [Fact]
    public async Task one_bad_report_refuses_the_whole_batch_and_applies_none_of_it()
    {
        var first = await _world.Volunteer("first", "first-aid");
        var second = await _world.Volunteer("second", "first-aid");
        var problem = await (await Client.PostJson("/api/locations:batch", new
        {
            reports = new object[]
            {
                new { volunteerId = first, latitude = 39.96, longitude = 116.30, accuracyMeters = 10 },
                new { volunteerId = second, latitude = 39.86, longitude = 300.0, accuracyMeters = 10 },
            },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["reports[1].longitude"], problem.ErrorFields());
        var status = await _world.Get($"/api/volunteers/{first}/status");
        Assert.Null(status["location"]);
    }

    [Fact]
    public async Task a_batch_applies_every_good_report_and_lists_the_unknown_volunteer_alone()
    {
        var first = await _world.Volunteer("one", "first-aid");
        var second = await _world.Volunteer("two", "first-aid");
        var result = await (await Client.PostJson("/api/locations:batch", new
        {
            reports = new object[]
            {
                new { volunteerId = first, latitude = 39.96, longitude = 116.30, accuracyMeters = 10 },
                new { volunteerId = _world.Id("ghost"), latitude = 39.92, longitude = 116.44, accuracyMeters = 10 },
                new { volunteerId = second, latitude = 39.86, longitude = 116.29, accuracyMeters = 10 },
            },
        })).Expect(HttpStatusCode.OK);
        Assert.Equal(2, (int)result["accepted"]!);
        var refused = Assert.Single(result["refused"]!.AsArray());
        Assert.Equal(1, (int)refused!["index"]!);
        Assert.Equal("urn:mobilize:problem:volunteer.not-found", (string?)refused["type"]);
        Assert.Equal(39.86, (double)(await _world.Get($"/api/volunteers/{second}/status"))["location"]!["point"]!["latitude"]!);
    }
}
