using System.Net;
using Mobilize.Drills.Tests.Infrastructure;

namespace Mobilize.Drills.Tests.Clock;

public sealed class DrillClockServerTests
{
    [Fact]
    public async Task A_server_on_a_fast_clock_says_so_and_opens_exercises_but_refuses_a_real_callout_naming_the_field()
    {
        await using var server = new DrillServer(clockRate: 60);
        using var client = server.Client();
        await client.Post("/api/organisations", new { id = "bj", name = "北京市", level = "City" });
        object Flood(string id, bool exercise) => new
        {
            id, incidentType = "flood", organisationId = "bj", severity = 2, exercise,
            place = new { latitude = 39.92, longitude = 116.44 },
            requirements = new[] { new { key = "boats", capability = "water-rescue", teams = 1, minimumMembers = 2 } },
        };

        var clock = await client.Get("/health/clock");
        var real = await client.TrySend(HttpMethod.Post, "/api/incidents", Flood("flood-real", exercise: false));
        var drill = await client.TrySend(HttpMethod.Post, "/api/incidents", Flood("flood-drill", exercise: true));

        Assert.Equal((60.0, true), ((double)clock!["rate"]!, (bool)clock["exercisesOnly"]!));
        Assert.Equal(HttpStatusCode.BadRequest, real.Status);
        Assert.Contains("exercise", real.Body!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/incidents/flood-real")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, drill.Status);
    }

    [Fact]
    public async Task A_server_on_the_real_clock_opens_real_callouts()
    {
        await using var server = new DrillServer();
        using var client = server.Client();

        var clock = await client.Get("/health/clock");

        Assert.Equal((1.0, false), ((double)clock!["rate"]!, (bool)clock["exercisesOnly"]!));
    }
}
