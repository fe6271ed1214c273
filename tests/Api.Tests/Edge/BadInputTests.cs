using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Edge;

/// <summary>Every route that takes a body refuses a bad one with a 400 validation problem naming the field, never a 500.</summary>
public sealed class BadInputTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    /// <summary>Method, route, and the fields an empty object must be refused for.</summary>
    public static TheoryData<string, string, string[]> BodyRoutes => new()
    {
        { "POST", "/api/organisations", ["id", "name", "level"] },
        { "PUT", "/api/organisations/org-x/plans/flood", ["id", "requirements", "radiusMeters", "offerTimeout", "overOfferFactor"] },
        { "POST", "/api/volunteers", ["id", "realName", "phone"] },
        { "PUT", "/api/volunteers/vol-x/certifications", ["certifications"] },
        { "PUT", "/api/volunteers/vol-x/duty", ["status"] },
        { "PUT", "/api/volunteers/vol-x/location", ["latitude", "longitude", "accuracyMeters"] },
        { "POST", "/api/locations:batch", ["reports"] },
        { "POST", "/api/teams", ["id", "name", "organisationId", "leaderId", "baseLocation", "minimumMembersToMuster"] },
        { "POST", "/api/teams/team-x/members", ["volunteerId"] },
        { "PUT", "/api/teams/team-x/duty", ["status"] },
        { "POST", "/api/teams/team-x/offers/inc-x.o1/answers", ["volunteerId", "answer"] },
        { "POST", "/api/teams/team-x/offers/inc-x.o1/muster", ["leaderId"] },
        { "POST", "/api/incidents", ["id", "incidentType", "place", "organisationId", "severity"] },
        { "POST", "/api/incidents/inc-x/check-ins", ["volunteerId", "teamId"] },
        { "POST", "/api/incidents/inc-x/check-outs", ["volunteerId", "teamId"] },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task malformed_json_is_a_400_validation_problem(string method, string route, string[] _)
    {
        var problem = await (await _client.SendRaw(new HttpMethod(method), route, """{"id": "x", """)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("urn:mobilize:problem:validation", (string?)problem["type"]);
        Assert.NotEmpty(problem.ErrorFields());
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task a_missing_body_is_a_400_naming_the_body(string method, string route, string[] _)
    {
        var problem = await (await _client.SendRaw(new HttpMethod(method), route, json: null)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["body"], problem.ErrorFields());
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task an_empty_object_is_a_400_naming_every_missing_field(string method, string route, string[] fields)
    {
        var problem = await (await _client.SendRaw(new HttpMethod(method), route, "{}")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(fields.Order(), problem.ErrorFields().Order());
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task a_value_of_the_wrong_type_is_a_400_naming_that_field(string method, string route, string[] fields)
    {
        var problem = await (await _client.SendRaw(new HttpMethod(method), route, $$$"""{"{{{fields[0]}}}": {"nested": [1, 2]}}""")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal([fields[0]], problem.ErrorFields());
    }

    [Theory]
    [InlineData("""{"latitude": 1e999, "longitude": 116.4, "accuracyMeters": 10}""", "latitude")]
    [InlineData("""{"latitude": "north", "longitude": 116.4, "accuracyMeters": 10}""", "latitude")]
    [InlineData("""{"latitude": 39.9, "longitude": 116.4, "accuracyMeters": 10, "reportedAt": "yesterday"}""", "reportedAt")]
    public async Task numbers_and_dates_that_do_not_parse_are_400_naming_the_field(string json, string field)
    {
        var problem = await (await _client.SendRaw(HttpMethod.Put, "/api/volunteers/vol-x/location", json)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.ErrorFields());
    }

    [Theory]
    [InlineData("count", "7")]
    [InlineData("level", "\"Province\"")]
    [InlineData("level", "2")]
    public async Task an_enum_outside_its_names_is_a_400(string _, string level)
    {
        var problem = await (await _client.SendRaw(HttpMethod.Post, "/api/organisations", $$"""{"id": "o1", "name": "北京市", "level": {{level}}}""")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["level"], problem.ErrorFields());
    }

    [Fact]
    public async Task an_id_with_forbidden_characters_in_the_route_is_a_400_naming_it()
    {
        var problem = await (await _client.GetAsync("/api/volunteers/has%20space")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["id"], problem.ErrorFields());
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_a_415_problem()
    {
        var response = await _client.PostAsync("/api/organisations", new StringContent("id=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await response.Expect(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
