using Mobilize.Drills.Scenarios;

namespace Mobilize.Drills.Tests.Scenarios;

public sealed class ScenarioReaderTests
{
    private const string Plan = """{ "incidentType": "flood", "requirements": [ { "capability": "water-rescue", "teams": 2 } ] }""";

    [Theory]
    [InlineData("beijing-flood")]
    [InlineData("beijing-earthquake")]
    [InlineData("load-60-per-minute")]
    [InlineData("demo")]
    public void Every_shipped_scenario_reads_without_error(string name)
    {
        var scenario = ScenarioReader.Builtin(name);

        Assert.Equal(name, scenario.Name);
        Assert.NotEmpty(scenario.Injects);
        Assert.NotEmpty(scenario.Plans);
    }

    [Fact]
    public void Scenario_files_in_the_repository_are_the_shipped_ones()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "../../../../../src/Drills/Scenarios");
        Assert.All(Directory.GetFiles(folder, "*.json"), file => ScenarioReader.ReadFile(file));
    }

    [Fact]
    public void A_drill_reads_its_injects_in_time_order_with_defaults_for_what_it_leaves_out()
    {
        var scenario = ScenarioReader.Parse($$"""
            { "name": "t", "duration": "00:10:00", "plans": [ {{Plan}} ],
              "injects": [
                { "at": "00:05:00", "kind": "connection-drop", "share": 0.5, "for": "00:01:00" },
                { "at": "00:00:10", "kind": "incident", "incidentType": "flood", "district": "朝阳区" },
                { "at": "00:01:00", "kind": "off-duty", "share": 0.1 } ] }
            """);

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)], scenario.Injects.Select(i => i.At));
        var incident = Assert.IsType<IncidentInject>(scenario.Injects[0]);
        Assert.Equal(("flood", "朝阳区", 3), (incident.IncidentType, incident.District, incident.Severity));
        Assert.Equal(PhoneBehaviour.Default, scenario.Phones);
        Assert.Equal("beijing", scenario.City);
        Assert.Equal(TimeSpan.FromMinutes(2), scenario.Plans[0].OfferTimeout);
    }

    [Fact]
    public void Every_bad_field_is_named_in_one_error()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse($$"""
            { "city": "atlantis", "plans": [ {{Plan}} ], "phones": { "acceptance": 1.5 },
              "injects": [
                { "kind": "incident", "incidentType": "flood" },
                { "at": "00:01:00", "kind": "meteor" },
                { "at": "00:02:00", "kind": "incident", "incidentType": "wildfire" },
                { "at": "00:03:00", "kind": "off-duty" },
                { "at": "00:04:00", "kind": "incident", "incidentType": "flood", "severity": 5 } ] }
            """));

        Assert.Contains(error.Errors, e => e.StartsWith("city:"));
        Assert.Contains(error.Errors, e => e.StartsWith("duration:"));
        Assert.Contains(error.Errors, e => e.StartsWith("phones.acceptance:"));
        Assert.Contains(error.Errors, e => e.StartsWith("injects[0].at:"));
        Assert.Contains(error.Errors, e => e.StartsWith("injects[1].kind:") && e.Contains("meteor"));
        Assert.Contains(error.Errors, e => e.StartsWith("injects[2].incidentType:") && e.Contains("wildfire"));
        Assert.Contains(error.Errors, e => e.StartsWith("injects[3].share:"));
        Assert.Contains(error.Errors, e => e.StartsWith("injects[4].severity:"));
        Assert.Contains("injects[1].kind", error.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_reported_with_its_path()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse("""
            { "duration": "00:10:00", "jurisdiction": { "teams": "many" }, "injects": [] }
            """));

        Assert.StartsWith("jurisdiction.teams:", Assert.Single(error.Errors));
    }

    [Fact]
    public void A_plan_without_requirements_and_a_stream_without_a_rate_are_refused()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse("""
            { "duration": "00:10:00", "plans": [ { "incidentType": "flood", "offerTimeout": "00:00:05" } ],
              "injects": [ { "at": "00:00:00", "kind": "incident-stream", "until": "00:05:00", "incidentTypes": [ "flood" ] } ] }
            """));

        Assert.Contains(error.Errors, e => e.StartsWith("plans[0].requirements:"));
        Assert.Contains(error.Errors, e => e.StartsWith("plans[0].offerTimeout:"));
        Assert.Contains(error.Errors, e => e.StartsWith("injects[0].perMinute:"));
    }
}
