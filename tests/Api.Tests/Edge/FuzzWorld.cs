using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Edge;

/// <summary>The resources the fuzz test aims at (so that bad input reaches handlers with real targets), the valid values
/// it starts each case from, and a snapshot of everything readable about them.</summary>
internal sealed partial class FuzzWorld
{
    private readonly World _world;

    private FuzzWorld(World world) => _world = world;

    public string City { get; private set; } = "";
    public string Volunteer { get; private set; } = "";
    public string Team { get; private set; } = "";
    public string Incident { get; private set; } = "";
    public string Exercise { get; private set; } = "";
    public string Fresh => _world.Id("new");

    public static async Task<FuzzWorld> BuildAsync(World world)
    {
        var fuzz = new FuzzWorld(world);
        var client = world.Client;
        fuzz.City = await world.City();
        var team = await world.Team("fz", fuzz.City, 39.9, 116.4, 1, "water-rescue");
        fuzz.Team = team.Id;
        fuzz.Volunteer = team.Leader;
        await (await client.PutJson($"/api/organisations/{fuzz.City}/plans/flood", new
        {
            id = "fz-plan",
            requirements = new[] { new { key = "boats", capability = "fuzz-none", teams = 1, minimumMembers = 1 } },
            radiusMeters = 10_000,
            offerTimeout = "00:05:00",
            overOfferFactor = 1.5,
        })).Expect(HttpStatusCode.OK);
        fuzz.Incident = world.Id("inc");
        await (await client.PostJson("/api/incidents", new
        {
            id = fuzz.Incident, incidentType = "flood", organisationId = fuzz.City, severity = 2,
            place = new { latitude = 39.9, longitude = 116.4 },
        })).Expect(HttpStatusCode.Created);
        fuzz.Exercise = world.Id("ex");
        await (await client.PostJson("/api/exercises", new { id = fuzz.Exercise, name = "防汛演练", organisationId = fuzz.City })).Expect(HttpStatusCode.Created);
        return fuzz;
    }

    public string PathValue(string path, string name) => name switch
    {
        "organisationId" => City,
        "incidentType" => "flood",
        "teamId" => Team,
        "volunteerId" => Volunteer,
        "incidentId" => Incident,
        "offerId" => $"{Incident}.o1",
        "otherId" => Exercise,
        "code" => "no-such-code",
        "id" when path.StartsWith("/api/organisations", StringComparison.Ordinal) => City,
        "id" when path.StartsWith("/api/volunteers", StringComparison.Ordinal) => Volunteer,
        "id" when path.StartsWith("/api/teams", StringComparison.Ordinal) => Team,
        "id" when path.StartsWith("/api/incidents", StringComparison.Ordinal) => Incident,
        "id" when path.StartsWith("/api/exercises", StringComparison.Ordinal) => Exercise,
        _ => "fz-x",
    };

    /// <summary>A value the schema accepts, for fields named as the world knows them; a starting point, never sent whole.</summary>
    public JsonNode? Valid(JsonNode schema, JsonObject schemas, string name)
    {
        schema = OpenApiFuzzTests.Resolve(schema, schemas);
        if (schema["enum"] is JsonArray values) return values.FirstOrDefault(v => v is not null)?.DeepClone();
        switch (OpenApiFuzzTests.TypeOf(schema))
        {
            case "object":
                var result = new JsonObject();
                foreach (var (property, inner) in schema["properties"]?.AsObject() ?? [])
                    result[property] = Valid(inner!, schemas, property);
                return result;
            case "array":
                return schema["items"] is { } items ? new JsonArray(Valid(items, schemas, name)) : new JsonArray();
            case "integer":
                return JsonValue.Create(name is "severity" ? 2 : 1);
            case "number":
                return JsonValue.Create(name switch { "latitude" => 39.9, "longitude" => 116.4, "radiusMeters" => 5000.0, "overOfferFactor" => 1.5, _ => 1.0 });
            case "boolean":
                return JsonValue.Create(false);
        }
        if ((string?)schema["format"] == "date-time") return JsonValue.Create(MobilizeApp.Start.AddMinutes(1).ToString("O"));
        if ((string?)schema["format"] == "date")
            return JsonValue.Create((name is "expires" or "validTo" ? World.Today.AddYears(1) : World.Today.AddDays(-1)).ToString("yyyy-MM-dd"));
        return JsonValue.Create(name switch
        {
            "volunteerId" or "leaderId" => Volunteer,
            "organisationId" or "parentId" => City,
            "teamId" => Team,
            "exerciseId" => Exercise,
            "id" => Fresh,
            "phone" => World.NewPhone(),
            "realName" or "name" => "志愿者甲",
            "role" => "commander",
            "incidentType" => "flood",
            "offerTimeout" => "00:05:00",
            "districtCode" => "110105",
            "idNumber" => null,
            _ => "fuzz",
        });
    }

    /// <summary>Everything readable about the world's resources, and whether the ids a fuzzed body would create exist.</summary>
    public async Task<string> SnapshotAsync()
    {
        string[] urls =
        [
            $"/api/organisations/{City}", $"/api/organisations/{City}/incidents?exercises=Include", $"/api/organisations/{City}/plans/flood",
            $"/api/organisations/{City}/exercises", $"/api/volunteers/{Volunteer}", $"/api/volunteers/{Volunteer}/status",
            $"/api/volunteers/{Volunteer}/service-record", $"/api/volunteers/{Volunteer}/feed", $"/api/teams/{Team}", $"/api/teams/{Team}/offers",
            $"/api/incidents/{Incident}", $"/api/incidents/{Incident}/timeline", $"/api/exercises/{Exercise}", "/api/audit", "/api/tokens/revocations",
            $"/api/organisations/{Fresh}", $"/api/volunteers/{Fresh}", $"/api/teams/{Fresh}", $"/api/incidents/{Fresh}", $"/api/exercises/{Fresh}",
        ];
        var snapshot = new StringBuilder();
        foreach (var url in urls)
        {
            var response = await _world.Client.GetAsync(url);
            var body = Volatile().Replace(await response.Content.ReadAsStringAsync(), "");
            snapshot.Append(url).Append(' ').Append((int)response.StatusCode).Append(' ').Append(body).Append('\n');
        }
        return snapshot.ToString();
    }

    // A problem's trace id differs on every request; it says nothing about state.
    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex Volatile();
}
