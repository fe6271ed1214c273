using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;
using Mobilize.TestKit;
using Orleans;
using Orleans.Runtime;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>Offer deadlines that must be kept although the incident's activation is lost while the silo runs on (as
/// when a silo dies in a cluster): no start-up recovery runs, nothing calls the incident, only its reminder does.</summary>
public sealed class DeadlineReminderTests
{
    private static readonly GeoPoint Sanlitun = new(39.9350, 116.4550);

    // A near team first; when its offer runs out the ladder climbs to the city and reaches a team in Haidian.
    private static ResponsePlan Plan => new(PlanId.Create("cy-fire"), "fire", World.Chaoyang,
        [new RequirementSpec("first-aid", "first-aid", 1, 2)], 3_000, TimeSpan.FromMinutes(5), 1,
        [EscalationStep.To(EscalationLevel.City, 25_000)]);

    [Fact]
    public async Task an_incident_whose_activation_is_lost_still_times_out_its_offer_and_escalates_when_its_reminder_ticks()
    {
        var storage = new InMemoryGrainStorage();
        await using var world = await World.StartAsync(storage);
        var near = await world.Team("cy-aid", World.Chaoyang, new GeoPoint(39.9400, 116.4600), capability: "first-aid");
        var far = await world.Team("hd-aid", World.Haidian, new GeoPoint(39.9600, 116.3000), capability: "first-aid");
        (await world.Grains.Plan(World.Chaoyang, "fire").Save(Plan)).ValueOrThrow();
        var incident = IncidentId.Create("fire-lost");
        var created = (await world.Grains.Incident(incident).Create(new IncidentRequest("fire", Sanlitun, World.Chaoyang, 2, false))).ValueOrThrow();
        Assert.Equal([near], created.Offers.Select(o => o.Team));

        await world.Cluster.DeactivateAsync(world.Grains.Incident(incident));
        world.Clock.Advance(TimeSpan.FromMinutes(6));

        // Read from storage, not through the grain: a call would activate it and hide whether the reminder did.
        var stored = await Eventually(storage, incident, s => s.Recruitment.Offers.Values.Any(o => o.Team == far));
        var offers = stored.Recruitment.OffersInOrder().ToList();
        Assert.Equal([(near, OfferStatus.TimedOut), (far, OfferStatus.Pending)], offers.Select(o => (o.Team, o.Status)));
        Assert.Contains(stored.Recruitment.Timeline, e => e.Kind == TimelineKinds.Escalated);
        // Late by at most one watchdog period: the tick after the deadline did it.
        var timedOut = stored.Recruitment.Timeline.Single(e => e.Kind == TimelineKinds.OfferTimedOut).At;
        Assert.InRange(timedOut, created.CreatedAt.AddMinutes(5), created.CreatedAt.AddMinutes(6));
    }

    [Fact]
    public async Task a_recruiting_incident_holds_one_reminder_that_later_offers_do_not_rewrite()
    {
        await using var world = await World.StartAsync();
        var near = await world.Team("cy-aid", World.Chaoyang, new GeoPoint(39.9400, 116.4600), capability: "first-aid");
        await world.Team("hd-aid", World.Haidian, new GeoPoint(39.9600, 116.3000), capability: "first-aid");
        (await world.Grains.Plan(World.Chaoyang, "fire").Save(Plan)).ValueOrThrow();
        var incident = IncidentId.Create("fire-held");
        var created = (await world.Grains.Incident(incident).Create(new IncidentRequest("fire", Sanlitun, World.Chaoyang, 2, false))).ValueOrThrow();
        var registered = Assert.Single((await world.Reminders.ReadRows(GrainOf(incident))).Reminders);

        // A decline sets off a new search and an offer to the next team: the incident changes, its reminder does not.
        var offer = World.OfferTo(created, near).Id;
        Assert.Null((await world.Grains.Incident(incident).AnswerOffer(offer, near, OfferAnswer.Decline)).Rejection);

        var after = Assert.Single((await world.Reminders.ReadRows(GrainOf(incident))).Reminders);
        Assert.Equal((IncidentGrain.DeadlineReminder, registered.ETag), (after.ReminderName, after.ETag));
        Assert.Equal(IncidentStatus.Recruiting, (await world.Summary(incident)).Status);
    }

    [Fact]
    public async Task an_incident_that_fills_holds_no_reminder()
    {
        await using var world = await World.StartAsync();
        var near = await world.Team("cy-aid", World.Chaoyang, new GeoPoint(39.9400, 116.4600), capability: "first-aid");
        (await world.Grains.Plan(World.Chaoyang, "fire").Save(Plan)).ValueOrThrow();
        var incident = IncidentId.Create("fire-filled");
        var created = (await world.Grains.Incident(incident).Create(new IncidentRequest("fire", Sanlitun, World.Chaoyang, 2, false))).ValueOrThrow();
        Assert.Single((await world.Reminders.ReadRows(GrainOf(incident))).Reminders);

        Assert.Null((await world.Grains.Incident(incident).AnswerOffer(World.OfferTo(created, near).Id, near, OfferAnswer.Accept)).Rejection);

        Assert.Equal(IncidentStatus.Filled, (await world.Summary(incident)).Status);
        Assert.Empty((await world.Reminders.ReadRows(GrainOf(incident))).Reminders);
    }

    [Fact]
    public async Task an_incident_stood_down_holds_no_reminder()
    {
        await using var world = await World.StartAsync();
        await world.Team("cy-aid", World.Chaoyang, new GeoPoint(39.9400, 116.4600), capability: "first-aid");
        (await world.Grains.Plan(World.Chaoyang, "fire").Save(Plan)).ValueOrThrow();
        var incident = IncidentId.Create("fire-stood-down");
        (await world.Grains.Incident(incident).Create(new IncidentRequest("fire", Sanlitun, World.Chaoyang, 2, false))).ValueOrThrow();

        var summary = (await world.Grains.Incident(incident).StandDown()).ValueOrThrow();

        Assert.Equal(IncidentStatus.StoodDown, summary.Status);
        Assert.Empty((await world.Reminders.ReadRows(GrainOf(incident))).Reminders);
    }

    [Fact]
    public async Task an_incident_that_finds_no_team_registers_no_reminder()
    {
        await using var world = await World.StartAsync();
        (await world.Grains.Plan(World.Chaoyang, "fire").Save(Plan)).ValueOrThrow();
        var incident = IncidentId.Create("fire-nobody");

        var summary = (await world.Grains.Incident(incident).Create(new IncidentRequest("fire", Sanlitun, World.Chaoyang, 2, false))).ValueOrThrow();

        Assert.Equal(IncidentStatus.Unfillable, summary.Status);
        Assert.Empty((await world.Reminders.ReadRows(GrainOf(incident))).Reminders);
    }

    private static GrainId GrainOf(IncidentId incident) => GrainId.Create("incident", incident.Value);

    private static async Task<IncidentState> Eventually(InMemoryGrainStorage storage, IncidentId incident, Func<IncidentState, bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var state = new GrainState<IncidentState>();
            await storage.ReadStateAsync(IncidentGrain.StateName, GrainOf(incident), state);
            if (state is { RecordExists: true, State: { } found } && condition(found)) return found;
            if (DateTime.UtcNow > until) Assert.Fail($"Incident {incident} never reached the expected state; stored: {state.State?.Recruitment.Offers.Count} offers.");
            await Task.Delay(50);
        }
    }
}
