using System.Net;
using System.Net.Http.Json;
using Mobilize.Api.Access;
using Mobilize.Browser.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>A city with its real district code (北京市 110000) and 朝阳区 (110105) beneath it, plans for floods (one
/// water-rescue team within 30 km, which covers the district from its middle) and earthquakes (search and rescue, which no team here holds, widened once to the city), and one water-rescue team of one
/// volunteer at 国贸 in 朝阳区, made through the REST API under a prefix of the test's own. Jurisdictions keep it apart
/// from every other test's teams.</summary>
public sealed class LaunchWorld(BrowserFixture browser)
{
    public const double Latitude = 39.9087, Longitude = 116.4605;
    public const double HaidianLatitude = 39.9840, HaidianLongitude = 116.3070;

    private static int _phones = Random.Shared.Next(50_000_000, 90_000_000);
    private static readonly DateOnly Today = DateOnly.FromDateTime(BrowserApp.Monday.UtcDateTime);

    public string Prefix { get; } = $"l{Guid.NewGuid():N}"[..9];
    public string City => $"{Prefix}-city";
    public string Chaoyang => $"{Prefix}-cy";
    public string Team => $"{Prefix}-team";
    public string TeamName => $"朝阳水上救援队{Prefix[1..4]}";
    public string Volunteer => $"{Prefix}-vol";

    public async Task SetUpAsync(string floodOfferTimeout = "00:30:00")
    {
        await Send(HttpMethod.Post, "/api/organisations", new { id = City, name = "北京市", level = "City", districtCode = "110000" });
        await Send(HttpMethod.Post, "/api/organisations", new { id = Chaoyang, name = "朝阳区", level = "District", parentId = City, districtCode = "110105" });
        await Plan("flood", "water-rescue", floodOfferTimeout, []);
        // Widened once to the whole city before it gives up, so its escalation shows too.
        await Plan("earthquake", "search-rescue", "00:30:00", [new { level = "City", radiusFactor = 2.0 }]);
        await Send(HttpMethod.Post, "/api/volunteers", new
        {
            id = Volunteer, realName = "王芳", phone = $"138{Interlocked.Increment(ref _phones):D8}", skills = new[] { "swimming" },
            certifications = new[] { new { capability = "water-rescue", issued = Today.AddYears(-1), expires = Today.AddYears(1), issuer = "北京市红十字会" } },
            insurance = new { policyNumber = $"PICC-{Prefix}", validFrom = Today.AddMonths(-6), validTo = Today.AddMonths(6) },
        });
        await Send(HttpMethod.Put, $"/api/volunteers/{Volunteer}/duty", new { status = "Available" });
        await Send(HttpMethod.Post, "/api/teams", new
        {
            id = Team, name = TeamName, organisationId = Chaoyang, leaderId = Volunteer,
            baseLocation = new { latitude = Latitude + 0.001, longitude = Longitude + 0.001 }, minimumMembersToMuster = 1,
        });
        await Send(HttpMethod.Put, $"/api/teams/{Team}/duty", new { status = "Available" });
    }

    private Task Plan(string type, string capability, string offerTimeout, object[] ladder) => Send(HttpMethod.Put, $"/api/organisations/{City}/plans/{type}", new
    {
        id = $"{Prefix}-{type}",
        requirements = new[] { new { key = "crew", capability, teams = 1, minimumMembers = 1 } },
        radiusMeters = 30_000, offerTimeout, overOfferFactor = 1.0, ladder,
    });

    /// <summary>The volunteer's phone reports where they are, as the volunteer app does.</summary>
    public async Task ReportLocationAsync(double latitude, double longitude)
    {
        using var phone = new HttpClient { BaseAddress = browser.BaseAddress };
        phone.DefaultRequestHeaders.Authorization = new("Bearer", browser.App.Token(new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create(Volunteer))));
        using var response = await phone.PutAsJsonAsync($"/api/volunteers/{Volunteer}/location", new { latitude, longitude, accuracyMeters = 15 });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"location: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public string CommanderLink(string organisation) => browser.CommanderLink(organisation);

    public string ObserverLink(string organisation) =>
        $"/dashboard/#token={browser.App.Token(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(organisation)))}";

    public async Task<int> OffersHeldAsync()
    {
        var offers = await browser.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/teams/{Team}/offers");
        return (offers as System.Text.Json.Nodes.JsonArray ?? offers!["items"]?.AsArray() ?? []).Count;
    }

    public async Task Send(HttpMethod method, string url, object body)
    {
        using var response = await browser.Http.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
            throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
