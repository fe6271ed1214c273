using System.Net;
using System.Text.Json.Nodes;

namespace Mobilize.Api.Tests.Infrastructure;

/// <summary>Builds the people and places a test needs through the public API, every id under the test's own prefix
/// so tests sharing an application never see each other's data.</summary>
public sealed class World(HttpClient client)
{
    private static int _phones = Random.Shared.Next(10_000_000, 50_000_000);

    public static readonly DateOnly Today = DateOnly.FromDateTime(MobilizeApp.Start.UtcDateTime);

    public string Prefix { get; } = $"t{Guid.NewGuid():N}"[..9];

    public HttpClient Client => client;

    public string Id(string name) => $"{Prefix}-{name}";

    public static string NewPhone() => $"139{Interlocked.Increment(ref _phones):D8}";

    public async Task<string> City(string name = "北京市")
    {
        var id = Id("city");
        await client.PostJson("/api/organisations", new { id, name, level = "City" }).Result.Expect(HttpStatusCode.Created);
        return id;
    }

    public async Task<string> District(string city, string key, string name)
    {
        var id = Id(key);
        await (await client.PostJson("/api/organisations", new { id, name, level = "District", parentId = city })).Expect(HttpStatusCode.Created);
        return id;
    }

    public static object Registration(string id, string realName, string phone, params string[] capabilities) => new
    {
        id,
        realName,
        phone,
        skills = Array.Empty<string>(),
        certifications = capabilities.Select(c => new { capability = c, issued = Today.AddYears(-1), expires = Today.AddYears(1), issuer = "北京市红十字会" }),
        insurance = new { policyNumber = "PICC-" + id, validFrom = Today.AddMonths(-6), validTo = Today.AddMonths(6) },
    };

    /// <summary>A registered volunteer, insured, certified for <paramref name="capabilities"/>, and available.</summary>
    public async Task<string> Volunteer(string key, params string[] capabilities)
    {
        var id = Id(key);
        await (await client.PostJson("/api/volunteers", Registration(id, "志愿者" + key, NewPhone(), capabilities))).Expect(HttpStatusCode.Created);
        await (await client.PutJson($"/api/volunteers/{id}/duty", new { status = "Available" })).Expect(HttpStatusCode.OK);
        return id;
    }

    /// <summary>An available team of <paramref name="members"/> volunteers (the first leads) based at a place.</summary>
    public async Task<TeamInfo> Team(string key, string organisation, double latitude, double longitude, int members, string capability, int minimumToMuster = 1)
    {
        var volunteers = new List<string>();
        for (var i = 0; i < members; i++)
            volunteers.Add(await Volunteer($"{key}-m{i}", capability));
        var id = Id(key);
        await (await client.PostJson("/api/teams", new
        {
            id,
            name = "救援队" + key,
            organisationId = organisation,
            leaderId = volunteers[0],
            baseLocation = new { latitude, longitude },
            minimumMembersToMuster = minimumToMuster,
        })).Expect(HttpStatusCode.Created);
        foreach (var member in volunteers.Skip(1))
            await (await client.PostJson($"/api/teams/{id}/members", new { volunteerId = member })).Expect(HttpStatusCode.OK);
        await (await client.PutJson($"/api/teams/{id}/duty", new { status = "Available" })).Expect(HttpStatusCode.OK);
        return new TeamInfo(id, volunteers);
    }

    public async Task<JsonNode> Get(string url) => await (await client.GetAsync(url)).Expect(HttpStatusCode.OK);
}

public sealed record TeamInfo(string Id, IReadOnlyList<string> Members)
{
    public string Leader => Members[0];
}
