using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Health;

public sealed class OpenApiTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task the_openapi_document_lists_every_route_with_its_method()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();
        string[][] expected =
        [
            ["/health/live", "get"], ["/health/ready", "get"], ["/health/clock", "get"], ["/health/cluster", "get"],
            ["/api/organisations", "post"], ["/api/organisations/{id}", "get"], ["/api/organisations/{id}/incidents", "get"],
            ["/api/organisations/{id}/units", "get"], ["/api/organisations/{id}/districts", "get"], ["/api/incidents/{id}/responders", "get"],
            ["/api/organisation-tree", "get"],
            ["/api/organisations/{organisationId}/plans/{incidentType}", "put"], ["/api/organisations/{organisationId}/plans/{incidentType}", "get"],
            ["/api/organisations/{organisationId}/plans", "get"], ["/api/organisations/{organisationId}/area", "get"],
            ["/api/organisations/{id}/positions", "get"], ["/api/incidents/preview", "post"],
            ["/api/volunteers", "post"], ["/api/volunteers/{id}", "get"], ["/api/volunteers/{id}/certifications", "put"],
            ["/api/volunteers/{id}/insurance", "put"], ["/api/volunteers/{id}/duty", "put"], ["/api/volunteers/{id}/location", "put"],
            ["/api/volunteers/{id}/status", "get"], ["/api/volunteers/{id}/service-record", "get"],
            ["/api/volunteers/{id}/feed", "get"],
            ["/api/volunteers/{id}/offers", "get"], ["/api/volunteers/{id}/push-subscriptions", "get"], ["/api/volunteers/{id}/push-subscriptions", "post"],
            ["/api/volunteers/{id}/push-subscriptions/{subscriptionId}", "delete"],
            ["/api/locations:batch", "post"],
            ["/api/teams", "post"], ["/api/teams", "get"], ["/api/teams/{id}", "get"], ["/api/teams/{id}/members", "post"],
            ["/api/teams/{id}/members/{volunteerId}", "delete"], ["/api/teams/{id}/duty", "put"],
            ["/api/teams/{id}/invitations/{volunteerId}/acceptance", "post"], ["/api/teams/{id}/invitations/{volunteerId}", "delete"],
            ["/api/teams/{teamId}/offers", "get"], ["/api/teams/{teamId}/offers/{offerId}/answers", "post"],
            ["/api/teams/{teamId}/offers/{offerId}/muster", "post"], ["/api/teams/{teamId}/alerts", "post"],
            ["/api/incidents", "post"], ["/api/incidents/{id}", "get"], ["/api/incidents/{id}/explanation", "get"],
            ["/api/incidents/{id}/timeline", "get"], ["/api/incidents/{id}/stand-down", "post"],
            ["/api/incidents/{incidentId}/check-ins", "post"], ["/api/incidents/{incidentId}/check-outs", "post"],
            ["/api/incidents/{id}/cap", "get"],
            ["/api/exercises", "post"], ["/api/exercises/{id}", "get"], ["/api/exercises/{id}/end", "post"],
            ["/api/exercises/{id}/report", "get"], ["/api/exercises/{id}/report.html", "get"],
            ["/api/exercises/{id}/report/compare/{otherId}", "get"], ["/api/exercises/{id}/report/compare/{otherId}.html", "get"],
            ["/api/organisations/{id}/exercises", "get"],
            ["/api/tokens", "post"], ["/api/tokens/revocations", "post"], ["/api/tokens/revocations", "get"], ["/api/enrolments", "post"], ["/api/enrolments/{code}/redemption", "post"],
            ["/api/audit", "get"],
            ["/api/imports/volunteers", "post"], ["/api/imports/teams", "post"], ["/api/imports/{kind}/template.csv", "get"],
            ["/api/operations/dashboard-session", "post"],
        ];
        foreach (var route in expected)
        {
            Assert.True(paths.ContainsKey(route[0]), $"{route[0]} is not in the document");
            Assert.True(paths[route[0]]!.AsObject().ContainsKey(route[1]), $"{route[1]} {route[0]} is not in the document");
        }
        Assert.Equal(expected.Length, paths.Sum(p => p.Value!.AsObject().Count(o => o.Key is "get" or "post" or "put" or "delete")));
    }

    [Fact]
    public async Task typed_ids_are_described_as_strings()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var id in new[] { "VolunteerId", "TeamId", "IncidentId", "OrganisationId", "OfferId", "PlanId", "ExerciseId" })
        {
            Assert.Equal("string", (string?)schemas[id]!["type"]);
            Assert.Null(schemas[id]!["properties"]);
        }
    }
}
