using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Mobilize.Drills.Geography;
using Mobilize.Drills.Jurisdictions;
using Mobilize.Drills.Phones;
using Mobilize.Drills.Running;
using Mobilize.Drills.Scenarios;
using Mobilize.Drills.Tests.Infrastructure;

namespace Mobilize.Drills.Tests.Feed;

public sealed class VolunteerFeedTests : IAsyncLifetime
{
    private readonly DrillServer _server = new();
    private MobilizeClient _api = null!;
    private Jurisdiction _city = null!;

    public async Task InitializeAsync()
    {
        _api = _server.Client();
        _city = JurisdictionGenerator.Generate(new JurisdictionSpec("beijing", 3, 2, 5, "feed", ["water-rescue"]), DistrictMap.Load("beijing"));
        await JurisdictionSetup.RegisterAsync(_api, _city, [], 4, null, default);
    }

    [Fact]
    public async Task A_phone_holding_a_long_poll_hears_the_offer_to_its_team_when_it_is_sent()
    {
        var team = _city.Teams[0];
        var member = team.Members[1].Id;
        _token = await _api.VolunteerTokenAsync(member);
        var before = await Feed(member, after: 0, wait: 0);
        Assert.Empty(before["events"]!.AsArray());
        Assert.Equal(0, before["lastSequence"]!.GetValue<long>());

        var waiting = Feed(member, after: 0, wait: 30);
        await OpenIncident("feed-flood-1", team);
        var heard = await waiting;

        var offer = heard["events"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "offer-sent")!;
        Assert.Equal(team.Id, offer["team"]!.GetValue<string>());
        Assert.Equal("feed-flood-1", offer["incident"]!.GetValue<string>());
        Assert.Equal($"volunteer/{member}", heard["stream"]!.GetValue<string>());
        Assert.False(heard["snapshotNeeded"]!.GetValue<bool>());

        var after = offer["sequence"]!.GetValue<long>();
        var next = await Feed(member, after, wait: 0);
        Assert.Empty(next["events"]!.AsArray());
        Assert.Equal(after, next["lastSequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_long_poll_with_nothing_new_ends_empty_after_its_wait()
    {
        var quiet = await Feed(_city.Teams[2].Members[0].Id, after: 0, wait: 1);

        Assert.Empty(quiet["events"]!.AsArray());
        Assert.True(quiet["snapshotNeeded"]!.GetValue<bool>() is false);
    }

    [Theory]
    [InlineData("waitSeconds=61", "waitSeconds")]
    [InlineData("waitSeconds=-1", "waitSeconds")]
    [InlineData("after=-5", "after")]
    public async Task A_feed_request_out_of_range_is_refused_naming_the_field(string query, string field)
    {
        using var response = await _api.Http.GetAsync($"/api/volunteers/{_city.Teams[0].Members[0].Id}/feed?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_volunteer_cannot_read_another_volunteer_s_feed()
    {
        var someoneElse = await _api.VolunteerTokenAsync(_city.Teams[1].Members[0].Id);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/volunteers/{_city.Teams[0].Members[0].Id}/feed?after=0")
        {
            Headers = { Authorization = new("Bearer", someoneElse) },
        };
        using var response = await _api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var anonymous = await new HttpClient { BaseAddress = _api.BaseAddress }.GetAsync($"/api/volunteers/{_city.Teams[0].Members[0].Id}/feed");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_phone_on_the_hub_hears_the_offer_pushed_live_and_again_when_it_catches_up()
    {
        var team = _city.Teams[1];
        var token = await _api.VolunteerTokenAsync(team.Members[0].Id);
        var pushed = Channel.CreateUnbounded<JsonArray>();
        await using var hub = await HubFeed.ConnectAsync(_api.BaseAddress, token, batch => pushed.Writer.WriteAsync(batch).AsTask(), default);

        await OpenIncident("feed-flood-hub", team);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonNode? offer = null;
        while (offer is null)
            offer = (await pushed.Reader.ReadAsync(timeout.Token)).FirstOrDefault(e => e!["kind"]!.GetValue<string>() == "offer-sent");
        Assert.Equal(team.Id, offer["team"]!.GetValue<string>());

        var caughtUp = await hub.InvokeAsync("CatchUp", [0L], timeout.Token);
        Assert.Contains(caughtUp!["events"]!.AsArray(), e => e!["sequence"]!.GetValue<long>() == offer["sequence"]!.GetValue<long>());
        Assert.False(hub.Run.IsCompleted);
    }

    [Fact]
    public async Task A_phone_s_hub_connection_ends_when_the_server_closes_it_on_revoking_the_volunteer()
    {
        var volunteer = _city.Teams[2].Members[1].Id;
        var hub = await HubFeed.ConnectAsync(_api.BaseAddress, await _api.VolunteerTokenAsync(volunteer), _ => Task.CompletedTask, default);
        Assert.Equal(0, (await hub.InvokeAsync("LastSequence", [], default))!.GetValue<long>());

        await _api.Post("/api/tokens/revocations", new { subject = $"volunteer:{volunteer}", reason = "phone lost" });

        await hub.Run.WaitAsync(TimeSpan.FromSeconds(30));
        await hub.DisposeAsync();
        await hub.DisposeAsync();
    }

    private Task OpenIncident(string id, SimulatedTeam team) => _api.Post("/api/incidents", new
    {
        id, incidentType = "flood", place = new { latitude = team.Latitude, longitude = team.Longitude },
        organisationId = team.DistrictId, severity = 3, exercise = true,
        requirements = new[] { new { key = "water", capability = "water-rescue", teams = 1, minimumMembers = 2 } }, radiusMeters = 5_000,
    });

    private string? _token;

    /// <summary>As the volunteer's phone, with their own token once a test has one; the administrator's otherwise.</summary>
    private async Task<JsonNode> Feed(string volunteer, long after, int wait) =>
        (await _api.Get($"/api/volunteers/{volunteer}/feed?after={after}&waitSeconds={wait}", token: _token))!;

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }
}
