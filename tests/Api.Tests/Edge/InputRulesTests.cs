using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Edge;

/// <summary>Issue 12 items 7–13 and 27: bad input of every kind is a problem naming the field, and changes nothing.</summary>
public sealed class InputRulesTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    public static TheoryData<string, string, string[]> BodyRoutes
    {
        get
        {
            var routes = BadInputTests.BodyRoutes;
            routes.Add("PUT", "/api/volunteers/vol-x/insurance", ["insurance"]);
            routes.Add("POST", "/api/teams/team-x/alerts", ["message"]);
            routes.Add("POST", "/api/exercises", ["name", "organisationId"]);
            routes.Add("POST", "/api/tokens", ["role"]);
            routes.Add("POST", "/api/enrolments", ["volunteerId"]);
            routes.Add("POST", "/api/tokens/revocations", ["reason", "tokenId"]);
            return routes;
        }
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task an_empty_object_names_every_missing_field(string method, string route, string[] fields)
    {
        var problem = await (await _client.SendRaw(new HttpMethod(method), route, "{}")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(fields.Order(), problem.ErrorFields().Order());
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task a_body_in_an_unknown_charset_is_a_415_problem(string method, string route, string[] _)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route) { Content = new ByteArrayContent("{}"u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");
        var response = await _client.SendAsync(request);
        var problem = await response.Expect(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("urn:mobilize:problem:unsupported-media-type", (string?)problem["type"]);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("9999-12-31T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2026-07-20T00:10:00Z")]
    public async Task a_report_from_the_future_or_before_any_sane_past_is_refused_and_does_not_freeze_the_location(string reportedAt)
    {
        var world = new World(_client);
        var volunteer = await world.Volunteer("far");
        var single = await (await _client.SendRaw(HttpMethod.Put, $"/api/volunteers/{volunteer}/location",
            $$"""{"latitude": 39.9, "longitude": 116.4, "accuracyMeters": 10, "reportedAt": "{{reportedAt}}"}""")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["reportedAt"], single.ErrorFields());
        var batch = await (await _client.SendRaw(HttpMethod.Post, "/api/locations:batch",
            $$"""{"reports": [{"volunteerId": "{{volunteer}}", "latitude": 39.9, "longitude": 116.4, "accuracyMeters": 10, "reportedAt": "{{reportedAt}}"}]}""")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["reports[0].reportedAt"], batch.ErrorFields());

        var status = await (await _client.PutJson($"/api/volunteers/{volunteer}/location", new { latitude = 39.91, longitude = 116.41, accuracyMeters = 10 })).Expect(HttpStatusCode.OK);
        Assert.Equal(39.91, (double)status["location"]!["point"]!["latitude"]!);
    }

    [Fact]
    public async Task a_report_within_the_clock_skew_is_taken()
    {
        var world = new World(_client);
        var volunteer = await world.Volunteer("skew");
        var at = MobilizeApp.Start.AddMinutes(4).ToString("O");
        await (await _client.SendRaw(HttpMethod.Put, $"/api/volunteers/{volunteer}/location",
            $$"""{"latitude": 39.9, "longitude": 116.4, "accuracyMeters": 10, "reportedAt": "{{at}}"}""")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task an_on_call_shift_ending_beyond_a_month_is_refused()
    {
        var world = new World(_client);
        var volunteer = await world.Volunteer("oncall");
        var problem = await (await _client.PutJson($"/api/volunteers/{volunteer}/duty", new { status = "OnCall", onCallUntil = "9999-12-31T00:00:00Z" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["onCallUntil"], problem.ErrorFields());
    }

    [Fact]
    public async Task an_empty_insurance_body_is_refused_and_keeps_the_policy_while_an_explicit_null_clears_it()
    {
        var world = new World(_client);
        var volunteer = await world.Volunteer("insured");
        var problem = await (await _client.SendRaw(HttpMethod.Put, $"/api/volunteers/{volunteer}/insurance", "{}")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["insurance"], problem.ErrorFields());
        Assert.NotNull((await world.Get($"/api/volunteers/{volunteer}"))["insurance"]);

        var cleared = await (await _client.SendRaw(HttpMethod.Put, $"/api/volunteers/{volunteer}/insurance", """{"insurance": null}""")).Expect(HttpStatusCode.OK);
        Assert.Null(cleared["insurance"]);
    }

    [Fact]
    public async Task a_field_the_request_does_not_have_is_refused_by_name()
    {
        var world = new World(_client);
        var volunteer = await world.Volunteer("typo");
        var problem = await (await _client.SendRaw(HttpMethod.Put, $"/api/volunteers/{volunteer}/location",
            """{"latitude": 39.9, "longitude": 116.4, "accuracyMeters": 10, "reportedAtt": "2026-07-20T00:00:00Z"}""")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["reportedAtt"], problem.ErrorFields());
    }

    [Fact]
    public async Task strings_and_collections_beyond_their_bounds_are_refused_and_not_stored()
    {
        var world = new World(_client);
        var volunteer = await world.Volunteer("bounds");
        var huge = new string('x', 1_000_000);
        var today = World.Today;
        var longCapability = await (await _client.PutJson($"/api/volunteers/{volunteer}/certifications", new
        {
            certifications = new[] { new { capability = huge, issued = today.AddYears(-1), expires = today.AddYears(1), issuer = huge } },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["certifications[0].capability", "certifications[0].issuer"], longCapability.ErrorFields().Order());

        var many = Enumerable.Range(0, 20_000).Select(i => new { capability = $"c{i}", issued = today.AddYears(-1), expires = today.AddYears(1), issuer = (string?)null });
        var tooMany = await (await _client.PutJson($"/api/volunteers/{volunteer}/certifications", new { certifications = many })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["certifications"], tooMany.ErrorFields());

        var policy = await (await _client.PutJson($"/api/volunteers/{volunteer}/insurance", new
        {
            insurance = new { policyNumber = huge, validFrom = today.AddYears(-1), validTo = today.AddYears(1) },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["insurance.policyNumber"], policy.ErrorFields());

        var dates = await (await _client.PutJson($"/api/volunteers/{volunteer}/insurance", new
        {
            insurance = new { policyNumber = "PICC-1", validFrom = new DateOnly(1, 1, 1), validTo = new DateOnly(9999, 12, 31) },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["insurance.validFrom", "insurance.validTo"], dates.ErrorFields().Order());

        var profile = await world.Get($"/api/volunteers/{volunteer}");
        Assert.DoesNotContain(huge[..100], profile.ToJsonString());
    }

    [Theory]
    [InlineData("flood%20water")]
    [InlineData("flood%22")]
    [InlineData("..%2F..%2Fflood")]
    public async Task a_plan_path_segment_outside_the_incident_type_rule_is_a_400_naming_it(string segment)
    {
        var world = new World(_client);
        var city = await world.City();
        var put = await (await _client.PutJson($"/api/organisations/{city}/plans/{segment}", Plan())).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["incidentType"], put.ErrorFields());
        var get = await (await _client.GetAsync($"/api/organisations/{city}/plans/{segment}")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["incidentType"], get.ErrorFields());
    }

    [Fact]
    public async Task an_over_long_plan_path_segment_is_a_400_naming_it_and_one_beyond_any_route_a_414_problem()
    {
        var world = new World(_client);
        var city = await world.City();
        var put = await (await _client.PutJson($"/api/organisations/{city}/plans/{new string('f', 41)}", Plan())).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["incidentType"], put.ErrorFields());
        var response = await _client.PutJson($"/api/organisations/{city}/plans/{new string('f', 7000)}", Plan());
        var tooLong = await response.Expect(HttpStatusCode.RequestUriTooLong);
        Assert.Equal("urn:mobilize:problem:too-large", (string?)tooLong["type"]);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task a_plan_for_an_unknown_organisation_is_a_404()
    {
        var problem = await (await _client.PutJson("/api/organisations/no-such-org/plans/flood", Plan())).Expect(HttpStatusCode.NotFound);
        Assert.Equal("urn:mobilize:problem:organisation.not-found", (string?)problem["type"]);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("bogus")]
    public async Task an_exercise_filter_that_is_not_one_of_its_names_is_refused(string value)
    {
        var world = new World(_client);
        var city = await world.City();
        var problem = await (await _client.GetAsync($"/api/organisations/{city}/incidents?exercises={value}")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["exercises"], problem.ErrorFields());
        await (await _client.GetAsync($"/api/organisations/{city}/incidents?exercises=Include")).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100001")]
    public async Task a_batch_with_one_report_of_impossible_accuracy_is_refused_whole(string accuracy)
    {
        var world = new World(_client);
        var first = await world.Volunteer("acc1");
        var second = await world.Volunteer("acc2");
        var problem = await (await _client.SendRaw(HttpMethod.Post, "/api/locations:batch", $$"""
            {"reports": [
              {"volunteerId": "{{first}}", "latitude": 39.9, "longitude": 116.4, "accuracyMeters": 10},
              {"volunteerId": "{{second}}", "latitude": 39.9, "longitude": 116.4, "accuracyMeters": {{accuracy}}}]}
            """)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["reports[1].accuracyMeters"], problem.ErrorFields());
        Assert.Null((await world.Get($"/api/volunteers/{first}/status"))["location"]);
    }

    [Fact]
    public async Task a_team_body_with_three_errors_names_all_three()
    {
        var world = new World(_client);
        var problem = await (await _client.PostJson("/api/teams", new
        {
            id = world.Id("team3"),
            name = "救援队",
            organisationId = "no-such-org",
            leaderId = "no-such-volunteer",
            baseLocation = new { latitude = 39.9, longitude = 116.4 },
            minimumMembersToMuster = 0,
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["leaderId", "minimumMembersToMuster", "organisationId"], problem.ErrorFields().Order());
    }

    [Fact]
    public async Task a_team_body_missing_a_field_still_names_the_invalid_ones()
    {
        var world = new World(_client);
        var problem = await (await _client.PostJson("/api/teams", new
        {
            id = world.Id("team4"),
            name = "x",
            organisationId = "org",
            baseLocation = new { latitude = 99.0, longitude = 116.4 },
            minimumMembersToMuster = 0,
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["baseLocation.latitude", "leaderId", "minimumMembersToMuster", "name"], problem.ErrorFields().Order());
    }

    [Fact]
    public async Task a_location_report_from_an_off_duty_volunteer_is_a_409_and_the_batch_lists_it_refused()
    {
        var world = new World(_client);
        var volunteer = await world.Volunteer("offduty");
        await (await _client.PutJson($"/api/volunteers/{volunteer}/duty", new { status = "Off" })).Expect(HttpStatusCode.OK);
        var problem = await (await _client.PutJson($"/api/volunteers/{volunteer}/location", new { latitude = 39.9, longitude = 116.4, accuracyMeters = 10 })).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:volunteer.off-duty", (string?)problem["type"]);

        var batch = await (await _client.PostJson("/api/locations:batch", new
        {
            reports = new[] { new { volunteerId = volunteer, latitude = 39.9, longitude = 116.4, accuracyMeters = 10.0 } },
        })).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)batch["accepted"]!);
        Assert.Equal("urn:mobilize:problem:volunteer.off-duty", (string?)batch["refused"]![0]!["type"]);
    }

    [Fact]
    public async Task the_openapi_document_marks_required_exactly_the_fields_the_server_requires_and_publishes_the_bounds()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var schemas = document["components"]!["schemas"]!;
        string[] Required(string schema) => schemas[schema]!["required"]?.AsArray().Select(n => (string)n!).Order().ToArray() ?? [];

        Assert.Equal(["accuracyMeters", "latitude", "longitude"], Required("LocationRequest"));
        Assert.Equal(["answer", "volunteerId"], Required("AnswerRequest"));
        Assert.Equal(["role"], Required("TokenRequest"));
        Assert.Equal(["volunteerId"], Required("EnrolmentRequest"));
        Assert.Equal(["insurance"], Required("InsuranceUpdateRequest"));
        Assert.Equal(["message"], Required("AlertRequest"));
        Assert.Equal(["id", "incidentType", "organisationId", "place", "severity"], Required("CreateIncidentRequest"));

        var certification = schemas["CertificationRequest"]!["properties"]!;
        Assert.Equal(64, (int)certification["capability"]!["maxLength"]!);
        Assert.Equal(100, (int)certification["issuer"]!["maxLength"]!);
        Assert.Equal(32, (int)schemas["CertificationsRequest"]!["properties"]!["certifications"]!["maxItems"]!);
        Assert.Equal(64, (int)schemas["InsuranceRequest"]!["properties"]!["policyNumber"]!["maxLength"]!);
        Assert.NotNull((string?)schemas["CreateIncidentRequest"]!["properties"]!["incidentType"]!["pattern"]);
        var plan = document["paths"]!["/api/organisations/{organisationId}/plans/{incidentType}"]!["put"]!["parameters"]!.AsArray()
            .Single(p => (string?)p!["name"] == "incidentType")!;
        Assert.NotNull((string?)plan["schema"]!["pattern"]);
    }

    private static object Plan() => new
    {
        id = "plan-1",
        requirements = new[] { new { key = "boats", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        radiusMeters = 10_000,
        offerTimeout = "00:05:00",
        overOfferFactor = 1.5,
    };
}
