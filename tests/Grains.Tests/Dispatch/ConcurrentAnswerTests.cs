using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>Several floods at once competing for the same teams, with every member answering at the same time.</summary>
public sealed class ConcurrentAnswerTests
{
    private const int Teams = 8;
    private const int Incidents = 3;
    private const int TeamsPerIncident = 2;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2026)]
    public async Task many_concurrent_answers_never_assign_more_teams_than_required_nor_one_team_twice(int seed)
    {
        var random = new Random(seed);
        await using var world = await World.StartAsync();
        var teams = new List<TeamId>();
        for (var t = 0; t < Teams; t++)
            teams.Add(await world.Team($"t{t}", World.Chaoyang, new GeoPoint(39.90 + random.NextDouble() / 20, 116.42 + random.NextDouble() / 20)));
        // Over-offer by 5 so that every incident offers every team.
        (await world.Grains.Plan(World.Chaoyang, "flood").Save(new ResponsePlan(PlanId.Create("p"), "flood", World.Chaoyang,
            [new RequirementSpec("boats", "water-rescue", TeamsPerIncident, 1)], 20_000, TimeSpan.FromMinutes(5), 5, []))).ValueOrThrow();
        var incidents = Enumerable.Range(0, Incidents).Select(i => IncidentId.Create($"flood-{i}")).ToList();
        foreach (var incident in incidents)
            (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false))).ValueOrThrow();

        var answers = new List<Func<Task>>();
        foreach (var incident in incidents)
        {
            foreach (var offer in (await world.Summary(incident)).Offers)
            {
                for (var m = 0; m < 3; m++)
                {
                    var answer = new MemberAnswer(World.Member(offer.Team, m), random.NextDouble() < 0.7 ? OfferAnswer.Accept : OfferAnswer.Decline, TimeSpan.FromMinutes(random.Next(5, 30)));
                    answers.Add(() => world.Grains.Team(offer.Team).Answer(offer.Id, answer));
                }
            }
        }
        Assert.Equal(Incidents * Teams * 3, answers.Count);
        await Task.WhenAll(answers.OrderBy(_ => random.Next()).Select(a => Task.Run(a)));

        var assignedTo = new Dictionary<TeamId, IncidentId>();
        foreach (var incident in incidents)
        {
            var summary = await world.Summary(incident);
            Assert.InRange(summary.Assignments.Count, 0, TeamsPerIncident);
            Assert.Equal(summary.Assignments.Count, summary.Offers.Count(o => o.Status == OfferStatus.Accepted));
            foreach (var team in summary.Assignments.Keys) assignedTo.Add(team, incident); // throws on a team in two incidents
        }
        foreach (var team in teams)
        {
            var view = await world.Settle(team);
            Assert.Equal(assignedTo.TryGetValue(team, out var incident) ? incident : null, view.Assignment?.Incident);
            Assert.True((await world.Grains.Team(team).GetOffers()).Count(o => o.Status == TeamOfferStatus.Accepted) <= 1);
        }
        // With seven answers in ten accepting, someone always musters.
        Assert.NotEmpty(assignedTo);
    }
}
