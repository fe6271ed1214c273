using System.Net;
using System.Net.Http.Json;

namespace Mobilize.Browser.Tests.Infrastructure;

/// <summary>The people and the plan a callout needs, made through the public REST API under a prefix of the test's own:
/// a city with a flood plan asking for one water-rescue team within 5 km, and one single-member team nearby whose
/// volunteer is insured, certified and available.</summary>
public sealed class Callout(HttpClient http)
{
    public const double Longitude = 116.425;

    private static int _phones = Random.Shared.Next(10_000_000, 50_000_000);
    private static int _callouts;

    /// <summary>Each callout 15 km north of the last, beyond the plan's 5 km, so the dispatcher never offers one test's
    /// incident to another test's team.</summary>
    public double Latitude { get; } = 39.80 + 0.135 * Interlocked.Increment(ref _callouts);
    private static readonly DateOnly Today = DateOnly.FromDateTime(BrowserApp.Monday.UtcDateTime);

    public string Prefix { get; } = $"b{Guid.NewGuid():N}"[..9];

    public string City => $"{Prefix}-city";

    public string Team => $"{Prefix}-team";

    public string Volunteer => $"{Prefix}-vol";

    public async Task SetUpAsync()
    {
        await Send(HttpMethod.Post, "/api/organisations", new { id = City, name = "北京市", level = "City" });
        await Send(HttpMethod.Put, $"/api/organisations/{City}/plans/flood", new
        {
            id = $"{Prefix}-plan",
            requirements = new[] { new { key = "water", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
            radiusMeters = 5_000,
            offerTimeout = "00:30:00",
            overOfferFactor = 1.0,
            ladder = Array.Empty<object>(),
        });
        await Send(HttpMethod.Post, "/api/volunteers", new
        {
            id = Volunteer,
            realName = "李明",
            phone = $"139{Interlocked.Increment(ref _phones):D8}",
            skills = new[] { "swimming" },
            certifications = new[] { new { capability = "water-rescue", issued = Today.AddYears(-1), expires = Today.AddYears(1), issuer = "北京市红十字会" } },
            insurance = new { policyNumber = $"PICC-{Prefix}", validFrom = Today.AddMonths(-6), validTo = Today.AddMonths(6) },
        });
        await Send(HttpMethod.Put, $"/api/volunteers/{Volunteer}/duty", new { status = "Available" });
        await Send(HttpMethod.Post, "/api/teams", new
        {
            id = Team,
            name = "东城水上救援队",
            organisationId = City,
            leaderId = Volunteer,
            baseLocation = new { latitude = Latitude + 0.002, longitude = Longitude - 0.005 },
            minimumMembersToMuster = 1,
        });
        await Send(HttpMethod.Put, $"/api/teams/{Team}/duty", new { status = "Available" });
    }

    /// <summary>Opens a flood incident the way another commander's screen would, for tests about the volunteer's side.</summary>
    public Task OpenIncidentAsync(string id) => Send(HttpMethod.Post, "/api/incidents", new
    {
        id,
        incidentType = "flood",
        place = new { latitude = Latitude, longitude = Longitude },
        organisationId = City,
        severity = 2,
    });

    /// <summary>Starts an exercise of the city and injects a flood incident into it, as a trainer's screen would.</summary>
    public async Task OpenExerciseIncidentAsync(string id)
    {
        using var started = await http.PostAsJsonAsync("/api/exercises", new { name = "汛期演练", organisationId = City });
        if (started.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST /api/exercises answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        var exercise = (await started.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<string>();
        await Send(HttpMethod.Post, "/api/incidents", new
        {
            id,
            exerciseId = exercise,
            incidentType = "flood",
            place = new { latitude = Latitude, longitude = Longitude },
            organisationId = City,
            severity = 2,
        });
    }

    private async Task Send(HttpMethod method, string url, object body)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
            throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
