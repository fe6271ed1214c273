using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Mobilize.TestKit.Cluster;

/// <summary>Builds what a test needs through the public API of one Api node, every id under the instance's own prefix.
/// Real processes run on the wall clock, so certificates and insurance are dated around today.</summary>
public sealed class Province(HttpClient administrator)
{
    private static int _phones = Random.Shared.Next(10_000_000, 50_000_000);
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    public string Prefix { get; } = $"c{Guid.NewGuid():N}"[..9];

    public HttpClient Administrator => administrator;

    public string Id(string name) => $"{Prefix}-{name}";

    public async Task<string> CityAsync(string key = "city")
    {
        var id = Id(key);
        await administrator.ExpectAsync(Calls.Request(HttpMethod.Post, "/api/organisations", new { id, name = "演练市" + key, level = "City" }), HttpStatusCode.Created);
        return id;
    }

    /// <summary>A volunteer, insured and certified for <paramref name="capability"/>, available, with a phone token.</summary>
    public async Task<Member> VolunteerAsync(string key, string capability)
    {
        var id = Id(key);
        await administrator.ExpectAsync(Calls.Request(HttpMethod.Post, "/api/volunteers", Registration(id, capability)), HttpStatusCode.Created);
        await administrator.ExpectAsync(Calls.Request(HttpMethod.Put, $"/api/volunteers/{id}/duty", new { status = "Available" }));
        var token = await administrator.ExpectAsync(Calls.Request(HttpMethod.Post, "/api/tokens", new { role = "volunteer", volunteerId = id }), HttpStatusCode.Created);
        return new Member(id, (string)token["token"]!);
    }

    public static object Registration(string id, string capability) => new
    {
        id,
        realName = "志愿者" + id[^6..],
        phone = $"139{Interlocked.Increment(ref _phones):D8}",
        skills = Array.Empty<string>(),
        certifications = new[] { new { capability, issued = Today.AddYears(-1), expires = Today.AddYears(1), issuer = "省红十字会" } },
        insurance = new { policyNumber = "PICC-" + id, validFrom = Today.AddMonths(-6), validTo = Today.AddMonths(6) },
    };

    /// <summary>An available team of <paramref name="members"/> (the first leads), every member needed to muster.</summary>
    public async Task<Team> TeamAsync(string key, string organisation, double latitude, double longitude, int members, string capability)
    {
        var volunteers = await Task.WhenAll(Enumerable.Range(0, members).Select(i => VolunteerAsync($"{key}-m{i}", capability)));
        var id = Id(key);
        await administrator.ExpectAsync(Calls.Request(HttpMethod.Post, "/api/teams", new
        {
            id,
            name = "救援队" + key,
            organisationId = organisation,
            leaderId = volunteers[0].Id,
            baseLocation = new { latitude, longitude },
            minimumMembersToMuster = members,
        }), HttpStatusCode.Created);
        foreach (var member in volunteers.Skip(1))
            await administrator.ExpectAsync(Calls.Request(HttpMethod.Post, $"/api/teams/{id}/members", new { volunteerId = member.Id }));
        await administrator.ExpectAsync(Calls.Request(HttpMethod.Put, $"/api/teams/{id}/duty", new { status = "Available" }));
        return new Team(id, volunteers, latitude, longitude);
    }

    /// <summary>Teams around a point, a few at a time (the cluster shares two cores with the test).</summary>
    public async Task<IReadOnlyList<Team>> TeamsAroundAsync(string key, string organisation, double latitude, double longitude, int count, int members, string capability)
    {
        var teams = new ConcurrentDictionary<int, Team>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            teams[i] = await TeamAsync($"{key}{i}", organisation, latitude + i * 0.003, longitude + i * 0.002, members, capability));
        return [.. teams.OrderBy(t => t.Key).Select(t => t.Value)];
    }

    /// <summary>An exercise incident needing every one of <paramref name="teams"/> teams, offered to all of them at once.</summary>
    public async Task<Incident> OpenIncidentAsync(string key, string organisation, double latitude, double longitude, int teams, string capability,
        TimeSpan offerTimeout, HttpClient? through = null)
    {
        var id = Id(key);
        var created = await (through ?? administrator).ExpectAsync(Calls.Request(HttpMethod.Post, "/api/incidents", new
        {
            id,
            incidentType = "earthquake-drill",
            place = new { latitude, longitude },
            organisationId = organisation,
            severity = 2,
            exercise = true,
            requirements = new[] { new { key = "aid", capability, teams, minimumMembers = 1 } },
            radiusMeters = 20_000,
            offerTimeout = offerTimeout.ToString("c"),
        }), HttpStatusCode.Created);
        var offers = created["offers"]!.AsArray().ToDictionary(o => (string)o!["team"]!, o => (string)o!["id"]!);
        return new Incident(id, offers, DateTimeOffset.UtcNow);
    }
}

public sealed record Member(string Id, string Token);

public sealed record Team(string Id, IReadOnlyList<Member> Members, double Latitude, double Longitude);

/// <param name="Offers">Offer id by team id, as the incident answered its creation.</param>
public sealed record Incident(string Id, IReadOnlyDictionary<string, string> Offers, DateTimeOffset OpenedAt);
