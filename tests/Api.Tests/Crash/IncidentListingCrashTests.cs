using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Crash;

/// <summary>A district's incident listing is written behind and capped; a SIGKILL must not leave it holding the
/// incidents that happened to be listed again last rather than the newest.</summary>
public sealed class IncidentListingCrashTests() : RealServerTest("listing")
{
    // More than a listing keeps, so the oldest must fall out and the newest stay.
    private const int Incidents = 620;

    [Fact]
    public async Task after_a_sigkill_a_district_with_more_incidents_than_it_lists_lists_exactly_the_newest_newest_first()
    {
        var world = new World(Server.CreateClient());
        var city = await world.City();
        var district = await world.District(city, "dongcheng", "东城区");
        var opened = new List<string>();
        for (var i = 0; i < Incidents; i++)
        {
            var id = world.Id($"flood{i:D4}");
            await (await world.Client.PostJson("/api/incidents", new
            {
                id, incidentType = "flood", place = new { latitude = 39.93, longitude = 116.42 }, organisationId = district, severity = 2,
                requirements = new[] { new { key = "rescue", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
            })).Expect(HttpStatusCode.Created);
            opened.Add(id);
            // Some closed ones too: a stood-down incident is not woken at start-up, yet it stays listed.
            if (i % 7 == 0) await (await world.Client.PostAsync($"/api/incidents/{id}/stand-down", null)).Expect(HttpStatusCode.OK);
        }
        var newest = opened.AsEnumerable().Reverse().Take(500).ToList();
        Assert.Equal(newest, await List(world, district));
        Assert.Equal(newest, await List(world, city));

        Server.Kill();
        Server = ServerProcess.Start(DataDirectory, ServerProcess.FreePort());
        await Server.WaitReadyAsync();
        var after = new World(Server.CreateClient());

        Assert.Equal(newest, await List(after, district));
        Assert.Equal(newest, await List(after, city));
    }

    private static async Task<List<string>> List(World world, string organisation) =>
        [.. (await world.Get($"/api/organisations/{organisation}/incidents?limit=500")).AsArray().Select(i => (string)i!["id"]!)];
}
