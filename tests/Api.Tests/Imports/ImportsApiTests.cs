using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Imports;

/// <summary>Bulk import through <c>POST /api/imports/{volunteers|teams}</c>: a dry run names every bad row by line and
/// column and writes nothing; the import is refused until the file is clean, then writes every row, once.</summary>
public sealed class ImportsApiTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private const string VolunteerHeader = "id,realName,phone,idNumber,skills,certifications,insurancePolicyNumber,insuranceValidFrom,insuranceValidTo";

    // GB 11643 check characters computed here, independently of the server's rule.
    private static string IdNumber(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * ((1 << (17 - i)) % 11);
        return first17 + "10X98765432"[sum % 11];
    }

    private static HttpRequestMessage Csv(string url, string text, string? key = null, string type = "text/csv")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(text, Encoding.UTF8, type) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static List<(int Line, string Column, string Message)> Problems(JsonNode node, string name = "problems") =>
        [.. node[name]!.AsArray().Select(p => ((int)p!["line"]!, (string)p["column"]!, (string)p["message"]!))];

    [Fact]
    public async Task a_dry_run_lists_every_bad_row_with_its_line_and_column_and_imports_nothing_and_the_import_is_refused_alike()
    {
        var world = new World(fixture.App.CreateClient());
        var district = await world.District(await world.City(), "d", "东城区");
        using var commander = fixture.App.CreateCommanderClient(district);
        var good = world.Id("good");
        var file = string.Join('\n',
            VolunteerHeader,
            $"{good},李明,{World.NewPhone()},{IdNumber("11010519491231002")},swimming,water-rescue|2025-07-01|2027-06-30|红十字会,PICC-1,2026-01-01,2026-12-31",
            $"{world.Id("badid")},王芳,{World.NewPhone()},110105194912310021,,,,,",
            $"{world.Id("badphone")},张伟,12345,,,,,,",
            $"{good},赵磊,{World.NewPhone()},,,first-aid|2027-01-01|2026-01-01,,,");

        var dry = await (await commander.SendAsync(Csv("/api/imports/volunteers?dryRun=true", file))).Expect(HttpStatusCode.OK);
        Assert.False((bool)dry["clean"]!);
        Assert.Equal(4, (int)dry["rows"]!);
        Assert.Equal(0, (int)dry["imported"]!);
        var problems = Problems(dry);
        Assert.Contains((3, "idNumber", "check character does not match"), problems);
        Assert.Contains(problems, p => p is { Line: 4, Column: "phone" } && p.Message.StartsWith("must be a mainland mobile number", StringComparison.Ordinal));
        Assert.Contains((5, "id", "repeats line 2"), problems);
        Assert.Contains(problems, p => p is { Line: 5, Column: "certifications" });
        Assert.DoesNotContain(problems, p => p.Line == 2);
        await (await fixture.App.CreateClient().GetAsync($"/api/volunteers/{good}")).Expect(HttpStatusCode.NotFound);

        var refused = await (await commander.SendAsync(Csv("/api/imports/volunteers", file))).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:mobilize:problem:import.not-clean", (string?)refused["type"]);
        Assert.Equal(problems, Problems(refused));
        await (await fixture.App.CreateClient().GetAsync($"/api/volunteers/{good}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_clean_file_imports_every_row_once_a_retry_replays_the_answer_and_the_teams_that_follow_take_those_volunteers()
    {
        var world = new World(fixture.App.CreateClient());
        var district = await world.District(await world.City(), "d", "东城区");
        using var commander = fixture.App.CreateCommanderClient(district);
        var (leader, member) = (world.Id("lead"), world.Id("member"));
        var volunteers = string.Join("\r\n", VolunteerHeader,
            $"{leader},李明,{World.NewPhone()},,swimming,water-rescue|2025-07-01|2027-06-30,PICC-2,2026-01-01,2026-12-31",
            $"\"{member}\",\"王, 芳\",{World.NewPhone()},,,,,,") + "\r\n";

        var dry = await (await commander.SendAsync(Csv("/api/imports/volunteers?dryRun=true", volunteers))).Expect(HttpStatusCode.OK);
        Assert.True((bool)dry["clean"]!, dry.ToJsonString());
        var imported = await commander.SendAsync(Csv("/api/imports/volunteers", volunteers, key: "import-1"));
        Assert.Equal(2, (int)(await imported.Expect(HttpStatusCode.OK))["imported"]!);
        var retried = await commander.SendAsync(Csv("/api/imports/volunteers", volunteers, key: "import-1"));
        Assert.Equal(2, (int)(await retried.Expect(HttpStatusCode.OK))["imported"]!);
        Assert.True(retried.Headers.Contains("Idempotent-Replayed"));
        var profile = await (await commander.GetAsync($"/api/volunteers/{member}")).Expect(HttpStatusCode.OK);
        Assert.Equal("王, 芳", (string?)profile["realName"]);
        Assert.Equal(district, (string?)profile["registeredBy"]);
        Assert.Equal("2027-06-30", (string?)(await (await commander.GetAsync($"/api/volunteers/{leader}")).Expect(HttpStatusCode.OK))["certifications"]![0]!["expires"]);

        // Imported again as a new file: every row is now already registered, and nothing changes.
        var again = await (await commander.SendAsync(Csv("/api/imports/volunteers?dryRun=true", volunteers))).Expect(HttpStatusCode.OK);
        Assert.Equal([(2, "id", "is already registered"), (3, "id", "is already registered")], Problems(again));

        var team = world.Id("team");
        var teams = $"id,name,organisationId,leaderId,latitude,longitude,minimumMembersToMuster,members\n{team},东城救援队,{district},{leader},39.93,116.42,2,{member}\n";
        await (await commander.SendAsync(Csv("/api/imports/teams", teams))).Expect(HttpStatusCode.OK);
        var view = await (await commander.GetAsync($"/api/teams/{team}")).Expect(HttpStatusCode.OK);
        // The commander's district registered both, so it holds the member's record: a member at once, not an invitation.
        Assert.Equal(new[] { leader, member }.Order(), view["members"]!.AsArray().Select(m => (string)m!).Order());
    }

    [Fact]
    public async Task teams_outside_the_commanders_jurisdiction_or_with_leaders_they_do_not_hold_are_listed_and_not_imported()
    {
        var world = new World(fixture.App.CreateClient());
        var city = await world.City();
        var mine = await world.District(city, "mine", "东城区");
        var theirs = await world.District(city, "theirs", "西城区");
        var stranger = await world.Volunteer("stranger");
        using var commander = fixture.App.CreateCommanderClient(mine);
        var file = string.Join('\n', "id,name,organisationId,leaderId,latitude,longitude,minimumMembersToMuster",
            $"{world.Id("t1")},东城一队,{theirs},{stranger},39.93,116.42,1",
            $"{world.Id("t2")},东城二队,{mine},{world.Id("nobody")},north,116.42,0");
        var dry = await (await commander.SendAsync(Csv("/api/imports/teams?dryRun=true", file))).Expect(HttpStatusCode.OK);
        var problems = Problems(dry);
        Assert.Contains((2, "organisationId", "is outside your jurisdiction"), problems);
        Assert.Contains((2, "leaderId", "you do not hold this volunteer's record"), problems);
        Assert.Contains((3, "latitude", "must be a number"), problems);
        await (await commander.SendAsync(Csv("/api/imports/teams", file))).Expect(HttpStatusCode.UnprocessableEntity);
        await (await fixture.App.CreateClient().GetAsync($"/api/teams/{world.Id("t1")}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_file_that_is_too_large_not_csv_or_without_its_columns_is_refused_with_a_problem_and_only_commanders_import()
    {
        var client = fixture.App.CreateClient();
        var huge = VolunteerHeader + "\n" + string.Concat(Enumerable.Repeat("x,李明,13900000000,,,,,,\n", 50_000));
        var tooLarge = await (await client.SendAsync(Csv("/api/imports/volunteers?dryRun=true", huge))).Expect(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("urn:mobilize:problem:too-large", (string?)tooLarge["type"]);
        await (await client.SendAsync(Csv("/api/imports/volunteers?dryRun=true", "{}", type: "application/json"))).Expect(HttpStatusCode.UnsupportedMediaType);

        var shape = await (await client.SendAsync(Csv("/api/imports/volunteers?dryRun=true", "id,name,colour\n"))).Expect(HttpStatusCode.OK);
        var problems = Problems(shape);
        Assert.Contains((1, "colour", "is not a known column"), problems);
        Assert.Contains((1, "phone", "column is missing"), problems);
        var empty = await (await client.SendAsync(Csv("/api/imports/teams?dryRun=true", ""))).Expect(HttpStatusCode.OK);
        Assert.False((bool)empty["clean"]!);
        var stray = await (await client.SendAsync(Csv("/api/imports/volunteers?dryRun=true", VolunteerHeader + "\nv1,李\"明,13900000000,,,,,,\n"))).Expect(HttpStatusCode.OK);
        Assert.Contains(Problems(stray), p => p.Line == 2);

        var world = new World(client);
        var volunteer = await world.Volunteer("v");
        using var phone = fixture.App.CreateVolunteerClient(volunteer);
        await (await phone.SendAsync(Csv("/api/imports/volunteers?dryRun=true", VolunteerHeader + "\n"))).Expect(HttpStatusCode.Forbidden);
        await (await fixture.App.CreateAnonymousClient().SendAsync(Csv("/api/imports/teams?dryRun=true", "id\n"))).Expect(HttpStatusCode.Unauthorized);

        var template = await client.GetAsync("/api/imports/volunteers/template.csv");
        Assert.Equal("text/csv", template.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(VolunteerHeader, (await template.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
        await (await client.GetAsync("/api/imports/cats/template.csv")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_template_passes_its_own_dry_run_once_its_example_organisation_and_people_exist()
    {
        var client = fixture.App.CreateClient();
        var text = (await (await client.GetAsync("/api/imports/volunteers/template.csv")).Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var world = new World(client);
        // The example row with an id and phone of this test's own, so other tests' volunteers never collide with it.
        var row = text.Split('\n')[1].Split(',');
        row[0] = world.Id("example");
        row[2] = World.NewPhone();
        row[3] = IdNumber($"110105{1950 + Random.Shared.Next(40)}0101{Random.Shared.Next(100, 999)}");
        var dry = await (await client.SendAsync(Csv("/api/imports/volunteers?dryRun=true", VolunteerHeader + "\n" + string.Join(',', row)))).Expect(HttpStatusCode.OK);
        Assert.True((bool)dry["clean"]!, dry.ToJsonString());
    }
}
