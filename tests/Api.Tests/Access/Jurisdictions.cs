using System.Net;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Access;

/// <summary>Two cities built by an administrator: city A with a district holding team A (leader and one volunteer) and
/// incident A; city B likewise. The callers all belong to A, so everything of B is another jurisdiction's and VB is
/// another volunteer.</summary>
public sealed class Jurisdictions(MobilizeApp app)
{
    private readonly World _a = new(app.CreateClient());
    private readonly World _b = new(app.CreateClient());

    public string CityA { get; private set; } = "";
    public string DistrictA { get; private set; } = "";
    public string CityB { get; private set; } = "";
    public TeamInfo TeamA { get; private set; } = null!;
    public TeamInfo TeamB { get; private set; } = null!;
    public string IncidentA => _a.Id("incident");
    public string IncidentB => _b.Id("incident");
    public string VolunteerA => TeamA.Members[1];
    public string VolunteerB => TeamB.Members[1];
    public string LeaderA => TeamA.Leader;
    public string LeaderB => TeamB.Leader;

    /// <summary>Every role, each scoped to jurisdiction A; null is the anonymous caller.</summary>
    public IReadOnlyDictionary<string, TokenGrant?> Callers { get; private set; } = null!;

    public async Task SetUpAsync()
    {
        CityA = await _a.City();
        DistrictA = await _a.District(CityA, "district", "东城区");
        CityB = await _b.City("天津市");
        TeamA = await _a.Team("team", DistrictA, 39.93, 116.42, 2, "water-rescue");
        TeamB = await _b.Team("team", CityB, 39.13, 117.20, 2, "water-rescue");
        await OpenIncident(_a, IncidentA, DistrictA, 39.93);
        await OpenIncident(_b, IncidentB, CityB, 39.13);
        Callers = new Dictionary<string, TokenGrant?>
        {
            ["administrator"] = TokenGrant.Administrator,
            ["commander of city A"] = new(Roles.Commander, Organisation: OrganisationId.Create(CityA)),
            ["commander of district A"] = new(Roles.Commander, Organisation: OrganisationId.Create(DistrictA)),
            ["observer of city A"] = new(Roles.Observer, Organisation: OrganisationId.Create(CityA)),
            ["leader of team A"] = new(Roles.TeamLeader, Volunteer: VolunteerId.Create(LeaderA), Team: TeamId.Create(TeamA.Id)),
            ["volunteer A"] = new(Roles.Volunteer, Volunteer: VolunteerId.Create(VolunteerA)),
            ["anonymous"] = null,
        };
    }

    public object NewIncident(string organisation, double latitude, string? id = null) => new
    {
        id = id ?? $"inc-{Guid.NewGuid():N}"[..20],
        incidentType = "chemical",
        place = new { latitude, longitude = 116.0 },
        organisationId = organisation,
        severity = 1,
        // A standard capability no team here holds: opening it offers nothing to anyone (an unknown code is refused).
        requirements = new[] { new { key = "traffic", capability = "traffic", teams = 1, minimumMembers = 1 } },
    };

    private async Task OpenIncident(World world, string id, string organisation, double latitude) =>
        await (await world.Client.PostJson("/api/incidents", NewIncident(organisation, latitude, id))).Expect(HttpStatusCode.Created);
}
