using System.Text.Json;
using System.Text.Json.Nodes;
using Mobilize.Api.Access;
using Mobilize.Browser.Tests.Infrastructure;
using Mobilize.Grains.Shared;
using Mobilize.TestKit.Processes;

namespace Mobilize.Browser.Tests.Realtime;

/// <summary>Every hub method that takes an id, called through the official JavaScript client as each role on its own
/// jurisdiction and on another's: only the right calls succeed; connecting without a token is refused with 401.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HubAccessTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _a = new(browser.Http);
    private readonly Callout _b = new(browser.Http);

    private string IncidentA => $"{_a.Prefix}-flood";
    private string IncidentB => $"{_b.Prefix}-flood";

    public async Task InitializeAsync()
    {
        await _a.SetUpAsync();
        await _b.SetUpAsync();
        await _a.OpenIncidentAsync(IncidentA);
        await _b.OpenIncidentAsync(IncidentB);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task the_command_hub_lets_commanders_and_observers_join_and_catch_up_only_within_their_jurisdiction()
    {
        string[][] calls =
        [
            ["JoinOrganisation", _a.City], ["JoinIncident", IncidentA],
            ["CatchUp", $"organisation/{_a.City}", "0"], ["CatchUp", $"incident/{IncidentA}", "0"],
            ["JoinOrganisation", _b.City], ["JoinIncident", IncidentB],
            ["CatchUp", $"organisation/{_b.City}", "0"], ["CatchUp", $"incident/{IncidentB}", "0"],
            // Many at once: one incident outside the jurisdiction refuses the whole list.
            ["JoinIncidents", $"[\"{IncidentA}\"]"], ["JoinIncidents", $"[\"{IncidentA}\",\"{IncidentB}\"]"],
        ];
        var ownOnly = new[] { true, true, true, true, false, false, false, false, true, false };
        var everything = Enumerable.Repeat(true, calls.Length).ToArray();
        foreach (var (grant, expected) in new[]
        {
            (TokenGrant.Administrator, everything),
            (new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(_a.City)), ownOnly),
            (new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(_a.City)), ownOnly),
        })
        {
            var answers = await Invoke("command", browser.App.Token(grant), calls);
            Assert.True((bool)answers[0]["connected"]!, $"{grant.Role}: {answers[0]}");
            for (var i = 0; i < calls.Length; i++)
                Assert.True((bool)answers[i + 1]["ok"]! == expected[i], $"{grant.Role} {string.Join(' ', calls[i])}: {answers[i + 1]}");
        }
    }

    [Fact]
    public async Task volunteers_cannot_open_the_command_hub_nor_commanders_the_volunteer_hub_and_no_token_is_401()
    {
        var volunteer = browser.App.Token(new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create(_a.Volunteer)));
        var commander = browser.App.Token(new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(_a.City)));

        Assert.Equal(403, (int)(await Invoke("command", volunteer, []))[0]["status"]!);
        Assert.Equal(403, (int)(await Invoke("volunteer", commander, []))[0]["status"]!);
        Assert.Equal(401, (int)(await Invoke("command", null, []))[0]["status"]!);
        Assert.Equal(401, (int)(await Invoke("volunteer", null, []))[0]["status"]!);

        // The volunteer's own stream, named by the token alone: catching up needs no id and can reach no other.
        var own = await Invoke("volunteer", volunteer, [["LastSequence"], ["CatchUp", "0"]]);
        Assert.True((bool)own[0]["connected"]!);
        Assert.True((bool)own[2]["ok"]!, own[2].ToJsonString());
        Assert.Equal($"volunteer/{_a.Volunteer}", (string?)own[2]["result"]!["stream"]);
    }

    private Task<List<JsonNode>> Invoke(string hub, string? token, string[][] calls)
    {
        // Numbers travel as JSON numbers: CatchUp's sequence is a long; a list ("[…]") as a JSON array.
        var json = JsonSerializer.Serialize(calls.Select(c => c.Select(a =>
            long.TryParse(a, out var n) ? n : a.StartsWith('[') ? JsonNode.Parse(a) : (object)a)));
        return HubScript.InvokeAsync(browser.BaseAddress.ToString().TrimEnd('/'), hub, token, json);
    }
}
