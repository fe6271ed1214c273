using Mobilize.Drills.Geography;
using Mobilize.Drills.Jurisdictions;
using Mobilize.Drills.Phones;
using Mobilize.Drills.Running;
using Mobilize.Drills.Scenarios;
using Mobilize.Drills.Tests.Infrastructure;

namespace Mobilize.Drills.Tests.Drill;

/// <summary>Small drills against the real server on Kestrel, its clock ten times faster, phones on the hub's JSON
/// protocol over a WebSocket and on the pull feed.</summary>
public sealed class DrillRunTests
{
    private const double Rate = 10;
    private static readonly DistrictMap Beijing = DistrictMap.Load("beijing");

    [Fact]
    public async Task A_small_drill_fills_its_incidents_with_phones_hearing_offers_on_the_hub_and_on_the_pull_feed()
    {
        var jurisdiction = Jurisdiction(seed: 21);
        // The first team's members are on the hub, the last team's on long polls: an incident at each team's base.
        var (result, fleet, report) = await Run(jurisdiction, seed: 21, Scenario(jurisdiction, acceptance: 0.6), "both");

        Assert.Equal(2, result.Counts.Incidents);
        Assert.Equal(2, result.Counts.Filled);
        Assert.True(result.Counts.OffersHeardOnHub > 0, "no offer heard on the hub");
        Assert.True(result.Counts.OffersHeardOnLongPoll > 0, "no offer heard on the pull feed");
        Assert.True(result.Counts.Accepted >= 4, $"accepted {result.Counts.Accepted}");
        Assert.Equal(0, result.Counts.PhoneErrors);
        Assert.Contains(fleet.Answers, a => a.Accepted && fleet.Phones.Single(p => p.Volunteer.Id == a.Volunteer).Transport == PhoneTransport.Hub);
        Assert.Contains(fleet.Answers, a => a.Accepted && fleet.Phones.Single(p => p.Volunteer.Id == a.Volunteer).Transport == PhoneTransport.LongPoll);
        Assert.Equal(2, result.TimeToFillSeconds["count"]);
        Assert.Equal(2, result.OffersRecordedWallSeconds["count"]);
        Assert.NotNull(result.ExerciseId);
        Assert.NotNull(report);
        Assert.Equal("【演练】EXERCISE", report["marking"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_offers_and_the_same_answers_on_a_fresh_server()
    {
        var jurisdiction = Jurisdiction(seed: 33);
        var scenario = Scenario(jurisdiction, acceptance: 0.3);

        var (first, firstFleet, _) = await Run(jurisdiction, seed: 33, scenario, "same");
        var (second, secondFleet, _) = await Run(jurisdiction, seed: 33, scenario, "same");

        var firstAnswers = Ordered(firstFleet.Decisions);
        Assert.NotEmpty(firstAnswers);
        Assert.Contains(firstAnswers, a => !a.Accepted);
        Assert.Equal(firstAnswers, Ordered(secondFleet.Decisions));
        Assert.Equal(first.Counts.Filled, second.Counts.Filled);
    }

    private static AnswerRecord[] Ordered(IEnumerable<AnswerRecord> answers) =>
        [.. answers.OrderBy(a => a.Offer, StringComparer.Ordinal).ThenBy(a => a.Volunteer, StringComparer.Ordinal)];

    private static Jurisdiction Jurisdiction(int seed) =>
        JurisdictionGenerator.Generate(new JurisdictionSpec("beijing", 16, 3, seed, "e2e", ["water-rescue"]), Beijing);

    /// <summary>Two incidents at the first and the last team's bases, far apart (东城 and 延庆) so they never compete for
    /// a team; deadlines (two minutes) far longer than answers (one to three seconds), so timing cannot change a wave.</summary>
    private static Scenario Scenario(Jurisdiction jurisdiction, double acceptance)
    {
        var (first, last) = (jurisdiction.Teams[0], jurisdiction.Teams[^1]);
        return new Scenario("e2e", "beijing", 16, 3, TimeSpan.FromSeconds(30),
            [new ScenarioPlan("flood", [new ScenarioRequirement("water", "water-rescue", 1, 2)], 5_000, TimeSpan.FromMinutes(2), 1)],
            new PhoneBehaviour(acceptance, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), 600, TimeSpan.FromMinutes(1)),
            [
                new IncidentInject(TimeSpan.Zero, "flood", null, first.Latitude, first.Longitude, 3),
                new IncidentInject(TimeSpan.Zero, "flood", null, last.Latitude, last.Longitude, 3),
            ]);
    }

    private static async Task<(DrillResult, PhoneFleet, System.Text.Json.Nodes.JsonNode?)> Run(Jurisdiction jurisdiction, int seed, Scenario scenario, string tag)
    {
        await using var server = new DrillServer(Rate);
        var url = server.Start();
        var options = new DrillOptions(url, server.AdministratorToken(), seed, tag, Rate, HubPhones: 3, LongPollPhones: 45, PollInterval: TimeSpan.FromSeconds(5),
            SetupParallel: 4, Drain: TimeSpan.FromMinutes(15));
        var engine = new DrillEngine(options, scenario, jurisdiction, Beijing);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await engine.RunAsync(timeout.Token);
        return (result, engine.Fleet!, engine.Report);
    }
}
