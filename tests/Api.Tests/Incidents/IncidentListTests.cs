using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Incidents;

public sealed class IncidentListTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());
    private HttpClient Client => _world.Client;

    private async Task<string> Open(string key, string organisation, bool exercise)
    {
        var id = _world.Id(key);
        await (await Client.PostJson("/api/incidents", new
        {
            id, incidentType = "flood", place = new { latitude = 39.93, longitude = 116.42 }, organisationId = organisation, severity = 2,
            exercise,
            requirements = new[] { new { key = "rescue", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        })).Expect(HttpStatusCode.Created);
        return id;
    }

    private async Task<string[]> List(string organisation, string query = "")
    {
        var list = await _world.Get($"/api/organisations/{organisation}/incidents{query}");
        return [.. list.AsArray().Select(i => (string)i!["id"]!)];
    }

    [Fact]
    public async Task a_city_lists_its_districts_incidents_newest_first_and_leaves_drills_out_unless_asked()
    {
        var city = await _world.City();
        var dongcheng = await _world.District(city, "dongcheng", "东城区");
        var haidian = await _world.District(city, "haidian", "海淀区");
        var flood = await Open("flood", dongcheng, exercise: false);
        var drill = await Open("drill", dongcheng, exercise: true);
        var fire = await Open("fire", haidian, exercise: false);

        // Listing is a one-way message queued at each organisation before the incident answers, and an organisation
        // handles its queue in order, so these reads already see it.
        Assert.Equal([fire, flood], await List(city));
        Assert.Equal([fire, drill, flood], await List(city, "?exercises=include"));
        Assert.Equal([drill], await List(city, "?exercises=only"));
        Assert.Equal([flood], await List(dongcheng));
        Assert.Equal([fire], await List(haidian, "?limit=1"));
    }

    [Fact]
    public async Task a_bad_filter_or_limit_is_a_400_naming_the_parameter_and_an_unknown_organisation_a_404()
    {
        var city = await _world.City();

        var problem = await (await Client.GetAsync($"/api/organisations/{city}/incidents?exercises=sometimes&limit=0")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["exercises", "limit"], problem.ErrorFields().Order());
        await (await Client.GetAsync("/api/organisations/nowhere/incidents")).Expect(HttpStatusCode.NotFound);
    }
}
