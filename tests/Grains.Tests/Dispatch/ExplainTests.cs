using Microsoft.Extensions.DependencyInjection;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class ExplainTests
{
    [Fact]
    public async Task every_team_left_out_is_explained_with_its_own_reason()
    {
        await using var world = await World.StartAsync();
        var place = new GeoPoint(39.9200, 116.4400);

        // A team whose phones last reported an hour before the incident (the limit is 30 minutes).
        var stale = await world.Team("stale", World.Chaoyang, new GeoPoint(39.9210, 116.4410));
        foreach (var i in new[] { 0, 1, 2 })
            (await world.Grains.Volunteer(World.Member(stale, i)).ReportLocation(new LocationReport(new GeoPoint(39.9220, 116.4420), world.Now, 15))).ValueOrThrow();
        await world.Settle(stale);
        await world.Advance(TimeSpan.FromHours(1));

        var ready = await world.Team("ready", World.Chaoyang, new GeoPoint(39.9250, 116.4450));
        var expired = await world.Team("expired", World.Chaoyang, new GeoPoint(39.9260, 116.4460), certificateExpires: new DateOnly(2026, 6, 30));
        var offDuty = await world.Team("off", World.Chaoyang, new GeoPoint(39.9270, 116.4470));
        (await world.Grains.Team(offDuty).SetDuty(new DutyChange(DutyStatus.Off))).ValueOrThrow();
        var uninsured = await world.Team("uninsured", World.Chaoyang, new GeoPoint(39.9280, 116.4480), uninsuredMember: true);
        var far = await world.Team("far", World.Chaoyang, new GeoPoint(39.9600, 116.3000));

        var incident = IncidentId.Create("flood-explained");
        (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", place, World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 2)], RadiusMeters: 10_000))).ValueOrThrow();

        var verdicts = (await world.Grains.Incident(incident).Explain()).ValueOrThrow().Candidates.ToDictionary(c => c.Team, c => c.Reason);
        Assert.Equal(new Dictionary<TeamId, ExclusionReason?>
        {
            [ready] = null,
            [expired] = ExclusionReason.CertificationExpired,
            [offDuty] = ExclusionReason.NotOnDuty,
            [stale] = ExclusionReason.LocationStale,
            [uninsured] = ExclusionReason.InsuranceInvalid,
            [far] = ExclusionReason.OutOfRadius,
        }, verdicts);
        Assert.Equal([ready], (await world.Summary(incident)).Offers.Select(o => o.Team));
    }

    [Fact]
    public async Task beyond_the_radius_only_the_nearest_teams_are_explained_as_too_far()
    {
        await using var world = await World.StartAsync(services: s => s.Configure<DispatchOptions>(o => o.ExplainedBeyondRadius = 2));
        var place = new GeoPoint(39.9200, 116.4400);
        var near = await world.Team("near", World.Chaoyang, new GeoPoint(39.9250, 116.4450));
        // 0.01° of latitude is 1.1 km: these stand 5.6, 6.7, 7.8 and 8.9 km north, all beyond a 5 km radius and within twice it.
        var beyond = new List<TeamId>();
        foreach (var step in new[] { 5, 6, 7, 8 })
            beyond.Add(await world.Team($"beyond-{step}", World.Chaoyang, new GeoPoint(39.9200 + step * 0.01 + 0.0005, 116.4400)));

        var incident = IncidentId.Create("flood-margin");
        (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", place, World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 2)], RadiusMeters: 5_000))).ValueOrThrow();

        var verdicts = (await world.Grains.Incident(incident).Explain()).ValueOrThrow().Candidates.ToDictionary(c => c.Team, c => c.Reason);
        Assert.Equal(new Dictionary<TeamId, ExclusionReason?>
        {
            [near] = null,
            [beyond[0]] = ExclusionReason.OutOfRadius,
            [beyond[1]] = ExclusionReason.OutOfRadius,
        }, verdicts);
    }

    [Fact]
    public async Task a_team_deployed_elsewhere_is_explained_as_already_assigned()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("busy", World.Chaoyang, new GeoPoint(39.9250, 116.4450), minimumToMuster: 1);
        var first = IncidentId.Create("first");
        var request = new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false, [new RequirementSpec("boats", "water-rescue", 1, 1)]);
        var offer = World.OfferTo((await world.Grains.Incident(first).Create(request)).ValueOrThrow(), team).Id;
        (await world.Grains.Team(team).ConfirmMuster(offer, World.Member(team, 0))).ValueOrThrow();

        var second = IncidentId.Create("second");
        (await world.Grains.Incident(second).Create(request)).ValueOrThrow();

        var verdict = (await world.Grains.Incident(second).Explain()).ValueOrThrow().Candidates.Single();
        Assert.Equal(ExclusionReason.AlreadyAssigned, verdict.Reason);
    }
}
