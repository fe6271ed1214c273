using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Drills.Jurisdictions;
using Mobilize.Drills.Scenarios;

namespace Mobilize.Drills.Running;

/// <summary>Registers a synthetic jurisdiction through the REST API, as a city's volunteer office would: organisations,
/// plans, volunteers (real name, certification, insurance, on duty) and their teams.</summary>
public static class JurisdictionSetup
{
    /// <summary>Skips what is already there (a rerun on the same data folder), so it is safe to call again.</summary>
    public static async Task RegisterAsync(MobilizeClient api, Jurisdiction jurisdiction, IReadOnlyList<ScenarioPlan> plans, int parallel,
        IProgress<int>? teamsDone, CancellationToken cancellation)
    {
        var city = jurisdiction.CityOrganisation;
        await Create(api, "/api/organisations", new { id = city.Id, name = city.Name, level = "City" }, cancellation);
        foreach (var d in jurisdiction.Districts)
            await Create(api, "/api/organisations", new { id = d.Id, name = d.Name, level = "District", parentId = city.Id, districtCode = d.Code }, cancellation);
        foreach (var plan in plans)
            await api.Put($"/api/organisations/{city.Id}/plans/{Uri.EscapeDataString(plan.IncidentType)}", new
            {
                id = $"{jurisdiction.Prefix}-{plan.IncidentType}",
                requirements = plan.Requirements.Select(r => new { key = r.Key, capability = r.Capability, teams = r.Teams, minimumMembers = r.MinimumMembers }),
                radiusMeters = plan.RadiusMeters,
                offerTimeout = plan.OfferTimeout.ToString("c"),
                overOfferFactor = plan.OverOfferFactor,
                ladder = new[] { new { level = "District", radiusFactor = 2.0 }, new { level = "City", radiusFactor = 4.0 } },
                rest = plan.Rest is { } rest
                    ? new { minimumMinutes = rest.MinimumMinutes, perHourWorkedMinutes = rest.PerHourWorkedMinutes, maximumMinutes = rest.MaximumMinutes }
                    : null,
            }, cancellation);

        var next = -1;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, parallel)).Select(_ => Task.Run(async () =>
        {
            for (var t = Interlocked.Increment(ref next); t < jurisdiction.Teams.Length; t = Interlocked.Increment(ref next))
            {
                await RegisterTeam(api, jurisdiction.Teams[t], cancellation);
                teamsDone?.Report(Interlocked.Increment(ref done));
            }
        }, cancellation)));
    }

    private static async Task RegisterTeam(MobilizeClient api, SimulatedTeam team, CancellationToken cancellation)
    {
        // A team with all its members is already there (a restart on the same data): one read instead of dozens of writes.
        using (var existing = await api.Http.GetAsync($"/api/teams/{team.Id}", cancellation))
            if (existing.IsSuccessStatusCode
                && JsonNode.Parse(await existing.Content.ReadAsStringAsync(cancellation))?["members"]?.AsArray().Count == team.Members.Length)
                return;
        foreach (var v in team.Members)
        {
            await Create(api, "/api/volunteers", new
            {
                id = v.Id, realName = v.RealName, phone = v.Phone,
                certifications = new[] { new { capability = team.Capability, issued = "2024-01-01", expires = "2030-12-31", issuer = "应急管理局培训中心" } },
                insurance = new { policyNumber = $"PICC-{v.Id}", validFrom = "2024-01-01", validTo = "2030-12-31" },
            }, cancellation);
            // On a rerun a volunteer may still be deployed from the last drill (409): they come back when it stands down.
            var duty = await api.TrySend(HttpMethod.Put, $"/api/volunteers/{v.Id}/duty", new { status = "Available" }, cancellation);
            if (!duty.Ok && duty.Status != HttpStatusCode.Conflict)
                throw new DrillRequestException($"PUT /api/volunteers/{v.Id}/duty: {(int)duty.Status} {duty.Body?.ToJsonString()}", duty.Status);
        }
        await Create(api, "/api/teams", new
        {
            id = team.Id, name = team.Name, organisationId = team.DistrictId, leaderId = team.Members[0].Id,
            baseLocation = new { latitude = team.Latitude, longitude = team.Longitude }, minimumMembersToMuster = 2,
        }, cancellation);
        foreach (var v in team.Members.Skip(1))
        {
            var added = await api.TrySend(HttpMethod.Post, $"/api/teams/{team.Id}/members", new { volunteerId = v.Id }, cancellation);
            if (!added.Ok && added.Status != HttpStatusCode.Conflict)
                throw new DrillRequestException($"adding {v.Id} to {team.Id}: {(int)added.Status} {added.Body?.ToJsonString()}", added.Status);
        }
    }

    /// <summary>A 409 means it was registered by an earlier run: fine.</summary>
    private static async Task Create(MobilizeClient api, string path, object body, CancellationToken cancellation)
    {
        var answer = await api.TrySend(HttpMethod.Post, path, body, cancellation);
        if (!answer.Ok && answer.Status != HttpStatusCode.Conflict)
            throw new DrillRequestException($"POST {path}: {(int)answer.Status} {answer.Body?.ToJsonString()}", answer.Status);
    }
}
