using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Access;

/// <summary>Every route that takes an id, called by each role of jurisdiction A, once on A's resources and once on
/// B's (another jurisdiction's incident, another volunteer's id): only the listed roles get past access control (any
/// answer but 401/403), the rest get 403, and the anonymous caller 401.</summary>
public sealed class AccessMatrixTests : IAsyncLifetime
{
    private const string CommanderCity = "commander of city A";
    private const string CommanderDistrict = "commander of district A";
    private const string Observer = "observer of city A";
    private const string Leader = "leader of team A";
    private const string Volunteer = "volunteer A";
    private static readonly string[] Commanders = [CommanderCity, CommanderDistrict];
    private static readonly string[] Jurisdiction = [CommanderCity, CommanderDistrict, Observer];

    private readonly MobilizeApp _app = new();
    private Jurisdictions _world = null!;

    public async Task InitializeAsync()
    {
        _world = new Jurisdictions(_app);
        await _world.SetUpAsync();
    }

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    private sealed record Case(string Method, Func<Jurisdictions, string> Url, Func<Jurisdictions, object?>? Body, string[] Allowed);

    private static Case Read(Func<Jurisdictions, string> url, params string[][] allowed) => new("GET", url, null, [.. allowed.SelectMany(a => a)]);

    private static Case Send(string method, Func<Jurisdictions, string> url, Func<Jurisdictions, object?> body, params string[][] allowed) =>
        new(method, url, body, [.. allowed.SelectMany(a => a)]);

    private static readonly object Available = new { status = "Available" };

    /// <summary>Each route twice: on jurisdiction A (roles as listed) and on B (administrators only).</summary>
    private static IEnumerable<(string Name, Case OnA, Case OnB)> Routes()
    {
        (string, Case, Case) Both(string name, Func<bool, Case> make) => (name, make(true), make(false));
        yield return Both("create an organisation", a => Send("POST", _ => "/api/organisations",
            w => new { id = $"o-{Guid.NewGuid():N}"[..20], name = "街道", level = "District", parentId = a ? w.CityA : w.CityB }, [CommanderCity]));
        yield return Both("read an organisation", a => Read(w => $"/api/organisations/{(a ? w.DistrictA : w.CityB)}", Jurisdiction));
        yield return Both("list an organisation's incidents", a => Read(w => $"/api/organisations/{(a ? w.DistrictA : w.CityB)}/incidents", Jurisdiction));
        yield return Both("read the unit status board", a => Read(w => $"/api/organisations/{(a ? w.DistrictA : w.CityB)}/units", Jurisdiction));
        yield return Both("list an organisation's districts", a => Read(w => $"/api/organisations/{(a ? w.DistrictA : w.CityB)}/districts", Jurisdiction));
        yield return Both("save a plan", a => Send("PUT", w => $"/api/organisations/{(a ? w.DistrictA : w.CityB)}/plans/flood", w => new
        {
            id = $"p-{Guid.NewGuid():N}"[..20],
            requirements = new[] { new { key = "water", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
            radiusMeters = 5_000, offerTimeout = "00:30:00", overOfferFactor = 1.0, ladder = Array.Empty<object>(),
        }, Commanders));
        yield return Both("read a plan", a => Read(w => $"/api/organisations/{(a ? w.DistrictA : w.CityB)}/plans/flood", Jurisdiction));
        yield return Both("list the plans that apply", a => Read(w => $"/api/organisations/{(a ? w.DistrictA : w.CityB)}/plans", Jurisdiction));
        yield return Both("read the positions on a jurisdiction's map", a => Read(w => $"/api/organisations/{(a ? w.DistrictA : w.CityB)}/positions", Jurisdiction));
        yield return Both("read a jurisdiction's area", a => Read(w => $"/api/organisations/{(a ? w.DistrictA : w.CityB)}/area", Jurisdiction));
        yield return Both("preview a launch", a => Send("POST", _ => "/api/incidents/preview", w => w.NewIncident(a ? w.DistrictA : w.CityB, a ? 40.5 : 38.5), Commanders));

        yield return Both("read a volunteer", a => Read(w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}", Jurisdiction, [Leader, Volunteer]));
        yield return Both("replace certifications", a => Send("PUT", w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/certifications",
            _ => new { certifications = Array.Empty<object>() }, Commanders, [Volunteer]));
        yield return Both("replace insurance", a => Send("PUT", w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/insurance",
            _ => new { insurance = new { policyNumber = "PICC-1", validFrom = World.Today.AddMonths(-1), validTo = World.Today.AddMonths(6) } },
            Commanders, [Volunteer]));
        yield return Both("set a volunteer's duty", a => Send("PUT", w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/duty", _ => Available, [Leader, Volunteer]));
        yield return Both("report a volunteer's location", a => Send("PUT", w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/location",
            _ => new { latitude = 39.93, longitude = 116.42, accuracyMeters = 20 }, [Volunteer]));
        yield return Both("read a volunteer's status", a => Read(w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/status", Jurisdiction, [Leader, Volunteer]));
        yield return Both("read a service record", a => Read(w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/service-record", Jurisdiction, [Leader, Volunteer]));
        yield return Both("read a volunteer's offer cards", a => Read(w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/offers", [Volunteer]));
        yield return Both("read push subscriptions", a => Read(w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/push-subscriptions", [Volunteer]));
        yield return Both("subscribe a phone to push", a => Send("POST", w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/push-subscriptions",
            _ => new { endpoint = "https://push.example.net/x", keys = new { p256dh = "x", auth = "x" } }, [Volunteer]));
        yield return Both("unsubscribe a phone from push", a => Send("DELETE", w => $"/api/volunteers/{(a ? w.VolunteerA : w.VolunteerB)}/push-subscriptions/0123456789abcdef",
            _ => null, [Volunteer]));
        yield return Both("send a batch of locations", a => Send("POST", _ => "/api/locations:batch",
            w => new { reports = new[] { new { volunteerId = a ? w.VolunteerA : w.VolunteerB, latitude = 39.93, longitude = 116.42, accuracyMeters = 20 } } },
            [Volunteer]));

        yield return Both("create a team", a => Send("POST", _ => "/api/teams", w => new
        {
            id = $"t-{Guid.NewGuid():N}"[..20], name = "新队", organisationId = a ? w.DistrictA : w.CityB, leaderId = a ? w.LeaderA : w.LeaderB,
            baseLocation = new { latitude = 39.9, longitude = 116.4 }, minimumMembersToMuster = 1,
        }, Commanders));
        yield return Both("list teams", a => Read(w => $"/api/teams?organisationId={(a ? w.DistrictA : w.CityB)}", Jurisdiction));
        yield return Both("read a team", a => Read(w => $"/api/teams/{(a ? w.TeamA.Id : w.TeamB.Id)}", Jurisdiction, [Leader, Volunteer]));
        yield return Both("add a member", a => Send("POST", w => $"/api/teams/{(a ? w.TeamA.Id : w.TeamB.Id)}/members",
            w => new { volunteerId = a ? w.VolunteerA : w.VolunteerB }, Commanders));
        yield return Both("remove a member", a => Send("DELETE", w => $"/api/teams/{(a ? w.TeamA.Id : w.TeamB.Id)}/members/nobody", _ => null, Commanders));
        yield return Both("accept an invitation", a => Send("POST", w => $"/api/teams/{(a ? w.TeamA.Id : w.TeamB.Id)}/invitations/{(a ? w.VolunteerA : w.VolunteerB)}/acceptance",
            _ => null, [Volunteer]));
        yield return Both("decline an invitation", a => Send("DELETE", w => $"/api/teams/{(a ? w.TeamA.Id : w.TeamB.Id)}/invitations/{(a ? w.VolunteerA : w.VolunteerB)}",
            _ => null, Commanders, [Volunteer]));
        yield return Both("set a team's duty", a => Send("PUT", w => $"/api/teams/{(a ? w.TeamA.Id : w.TeamB.Id)}/duty", _ => Available, Commanders, [Leader]));
        yield return Both("list a team's offers", a => Read(w => $"/api/teams/{(a ? w.TeamA.Id : w.TeamB.Id)}/offers", Jurisdiction, [Leader, Volunteer]));
        yield return Both("answer an offer", a => Send("POST", w => $"/api/teams/{(a ? w.TeamA.Id : w.TeamB.Id)}/offers/no-offer/answers",
            w => new { volunteerId = a ? w.VolunteerA : w.VolunteerB, answer = "Decline" }, [Volunteer]));
        yield return Both("muster a team", a => Send("POST", w => $"/api/teams/{(a ? w.TeamA.Id : w.TeamB.Id)}/offers/no-offer/muster",
            w => new { leaderId = a ? w.LeaderA : w.LeaderB }, Commanders, [Leader]));

        yield return Both("open an incident", a => Send("POST", _ => "/api/incidents", w => w.NewIncident(a ? w.DistrictA : w.CityB, a ? 40.5 : 38.5), Commanders));
        yield return Both("read an incident", a => Read(w => $"/api/incidents/{(a ? w.IncidentA : w.IncidentB)}", Jurisdiction));
        yield return Both("explain an incident", a => Read(w => $"/api/incidents/{(a ? w.IncidentA : w.IncidentB)}/explanation", Jurisdiction));
        yield return Both("read an incident's timeline", a => Read(w => $"/api/incidents/{(a ? w.IncidentA : w.IncidentB)}/timeline", Jurisdiction));
        yield return Both("read who is coming", a => Read(w => $"/api/incidents/{(a ? w.IncidentA : w.IncidentB)}/responders", Jurisdiction));
        yield return Both("check in", a => Send("POST", w => $"/api/incidents/{(a ? w.IncidentA : w.IncidentB)}/check-ins",
            w => new { volunteerId = a ? w.VolunteerA : w.VolunteerB, teamId = a ? w.TeamA.Id : w.TeamB.Id }, Commanders, [Leader, Volunteer]));
        yield return Both("check out", a => Send("POST", w => $"/api/incidents/{(a ? w.IncidentA : w.IncidentB)}/check-outs",
            w => new { volunteerId = a ? w.VolunteerA : w.VolunteerB, teamId = a ? w.TeamA.Id : w.TeamB.Id }, Commanders, [Leader, Volunteer]));
        yield return Both("send an enrolment link", a => Send("POST", _ => "/api/enrolments", w => new { volunteerId = a ? w.VolunteerA : w.VolunteerB }, Commanders));
        // Last: standing an incident down ends it for the cases above.
        yield return Both("stand an incident down", a => Send("POST", w => $"/api/incidents/{(a ? w.IncidentA : w.IncidentB)}/stand-down", _ => null, Commanders));
    }

    [Fact]
    public async Task every_route_that_takes_an_id_lets_in_only_the_roles_of_that_jurisdiction_and_anonymous_callers_get_401()
    {
        var failures = new List<string>();
        var calls = 0;
        foreach (var (name, onA, onB) in Routes())
            foreach (var (onWhat, test) in new[] { ("A", onA), ("B", onB with { Allowed = [] }) })
                foreach (var (role, grant) in _world.Callers)
                {
                    using var client = grant is null ? _app.CreateAnonymousClient() : _app.CreateClient(grant);
                    var body = test.Body?.Invoke(_world);
                    var url = test.Url(_world);
                    var response = await client.SendRaw(new HttpMethod(test.Method), url,
                        body is null ? null : System.Text.Json.JsonSerializer.Serialize(body, Http.Json));
                    calls++;
                    var expected = grant is null ? "401" : role == "administrator" || test.Allowed.Contains(role) ? "allowed" : "403";
                    var actual = response.StatusCode switch
                    {
                        HttpStatusCode.Unauthorized => "401",
                        HttpStatusCode.Forbidden => "403",
                        _ => "allowed",
                    };
                    if (expected != actual)
                        failures.Add($"{name} on {onWhat} as {role}: expected {expected}, got {(int)response.StatusCode} ({test.Method} {url}) {await response.Content.ReadAsStringAsync()}");
                }
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls went wrong:\n{string.Join("\n", failures)}");
    }
}
