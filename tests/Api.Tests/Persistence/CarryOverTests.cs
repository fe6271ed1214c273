using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Persistence;

/// <summary>A data folder written by the release before the move to Orleans (commit 2ea747f, on its own actor runtime)
/// opens on this build: what was registered is there, the open callout's stored deadline fires on the new runtime,
/// and new callouts reach the carried-over teams. The fixtures and how they were made: Fixtures/README.md.</summary>
public abstract class CarryOverTests(string fixture) : IAsyncLifetime
{
    private const string City = "bj";
    private const string Dongcheng = "bj-dongcheng";
    private const string Jingshan = "bj-dongcheng-jingshan";
    private const string WaterTeam = "bj-dongcheng-water";
    private const string JingshanTeam = "bj-jingshan-rescue";
    private const string LantianTeam = "bj-lantian";
    private const string OpenFlood = "bj-20261201-flood";
    private const string StoodDownRescue = "bj-20261201-rescue";
    private static readonly TimeSpan OfferTimeout = TimeSpan.FromMinutes(10);

    private static readonly (string Id, string Name, string IdNumber, string Team)[] Volunteers =
    [
        ("v-zhangwei", "张伟", "110101198503120025", WaterTeam),
        ("v-wangfang", "王芳", "110101199007180031", WaterTeam),
        ("v-liqiang", "李强", "11010119781105001X", JingshanTeam),
        ("v-liuyang", "刘洋", "110102199302210041", JingshanTeam),
        ("v-chenjing", "陈静", "110108198709300050", LantianTeam),
        ("v-zhaolei", "赵磊", "110106199506140060", LantianTeam),
    ];

    private readonly string _fixture = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", fixture);
    private readonly string _data = Directory.CreateTempSubdirectory("mobilize-carry-over-").FullName;
    private MobilizeApp? _app;
    private HttpClient _client = null!;

    /// <summary>What the script noted beside the data folder: see Fixtures/README.md.</summary>
    private JsonNode Notes { get; set; } = null!;

    /// <summary>When the old release opened the flood callout (its wall clock); its offers expire ten minutes later.</summary>
    private DateTimeOffset OpenedAt { get; set; }

    public Task InitializeAsync()
    {
        Notes = JsonNode.Parse(File.ReadAllText(Path.Combine(_fixture, "fixture.json")))!;
        OpenedAt = DateTimeOffset.Parse((string)Notes["openedAt"]!, CultureInfo.InvariantCulture);
        CopyDataFolder(_fixture, _data);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (_app is not null) return _app.DisposeAndDeleteStoreAsync();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    private MobilizeApp App => _app ?? throw new InvalidOperationException("Start the application first.");

    /// <summary>Starts this build on the carried-over folder, its clock <paramref name="afterOpening"/> past the moment
    /// the old release opened the flood callout.</summary>
    private void Start(TimeSpan afterOpening)
    {
        _app = MobilizeApp.OnExistingData(_data, OpenedAt + afterOpening);
        _client = _app.CreateClient();
    }

    /// <summary>A minute after the callout went out: the old server stopped while its offers were pending, and they still are.</summary>
    private void StartShortlyAfterTheUpgrade() => Start(TimeSpan.FromMinutes(1));

    [Fact]
    public async Task a_data_folder_written_by_the_previous_release_opens_with_its_organisations_volunteers_and_teams()
    {
        StartShortlyAfterTheUpgrade();
        var city = await Get($"/api/organisations/{City}");
        Assert.Equal("北京市", (string?)city["node"]!["name"]);
        Assert.Equal("City", (string?)city["node"]!["level"]);
        Assert.Equal([Dongcheng], Ids(city["children"]));
        Assert.Equal([LantianTeam], Ids(city["teams"]));
        var street = await Get($"/api/organisations/{Jingshan}");
        Assert.Equal("景山街道", (string?)street["node"]!["name"]);
        Assert.Equal([Dongcheng, City], Ids(street["ancestors"]));
        Assert.Equal([JingshanTeam], Ids(street["teams"]));
        Assert.Equal([Jingshan], Ids((await Get($"/api/organisations/{Dongcheng}"))["children"]));

        foreach (var (id, name, idNumber, team) in Volunteers)
        {
            var profile = await Get($"/api/volunteers/{id}?unmasked=true&reason=carry-over-check");
            Assert.Equal(name, (string?)profile["realName"]);
            Assert.Equal(idNumber, (string?)profile["idNumber"]);
            Assert.Equal([team], Ids(profile["teams"]));
            Assert.Equal("PICC-2026-" + id, (string?)profile["insurance"]!["policyNumber"]);
            Assert.Contains("water-rescue", profile["certifications"]!.AsArray().Select(c => (string?)c!["capability"]));
            Assert.Equal("Available", (string?)(await Get($"/api/volunteers/{id}/status"))["status"]);
        }

        // The ID-number claims carried over too: the number cannot be registered a second time.
        var twin = await (await _client.PostJson("/api/volunteers",
            new { id = "v-twin", realName = "张伟", phone = World.NewPhone(), idNumber = Volunteers[0].IdNumber })).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:volunteer.id-number-taken", (string?)twin["type"]);

        var water = await Get($"/api/teams/{WaterTeam}");
        Assert.Equal("东城区水上救援队", (string?)water["name"]);
        Assert.Equal(Dongcheng, (string?)water["organisation"]);
        Assert.Equal("v-zhangwei", (string?)water["leader"]);
        Assert.Equal(["v-wangfang", "v-zhangwei"], Ids(water["members"]).Order());
        Assert.Equal("Available", (string?)water["status"]);
        Assert.Equal(2, (int)water["qualifiedMembers"]!["water-rescue"]!);
        var jingshan = await Get($"/api/teams/{JingshanTeam}");
        Assert.Equal(["v-liqiang", "v-liuyang"], Ids(jingshan["members"]).Order());
        Assert.Equal(1, (int)jingshan["qualifiedMembers"]!["first-aid"]!);
        var lantian = await Get($"/api/teams/{LantianTeam}");
        Assert.Equal(City, (string?)lantian["organisation"]);
        Assert.Equal(2, (int)lantian["qualifiedMembers"]!["first-aid"]!);
    }

    [Fact]
    public async Task a_data_folder_written_by_the_previous_release_keeps_its_signed_tokens_revocations_enrolment_links_and_audit_log()
    {
        StartShortlyAfterTheUpgrade();
        // A phone signed in by the old server stays signed in (the signing key carried over); the lost one stays out.
        await (await Phone((string)Notes["phoneToken"]!).GetAsync("/api/volunteers/v-zhangwei/status")).Expect(HttpStatusCode.OK);
        await (await Phone((string)Notes["revokedToken"]!).GetAsync("/api/volunteers/v-wangfang/status")).Expect(HttpStatusCode.Unauthorized);

        var redeemed = await (await App.CreateAnonymousClient().PostJson($"/api/enrolments/{(string)Notes["enrolmentCode"]!}/redemption", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("v-liuyang", (string?)redeemed["volunteerId"]);
        await (await Phone((string)redeemed["token"]!).GetAsync("/api/volunteers/v-liuyang/status")).Expect(HttpStatusCode.OK);

        var audit = (await Get($"/api/audit?day={OpenedAt.UtcDateTime:yyyy-MM-dd}")).AsArray();
        Assert.Contains(audit, e => (string?)e!["action"] == "token.revoked" && (string?)e["reason"] == "手机丢失");
        Assert.Contains(audit, e => (string?)e!["action"] == "volunteer.unmasked" && (string?)e["subject"] == "v-chenjing" && (string?)e["reason"] == "核实保险");
    }

    [Fact]
    public async Task a_data_folder_written_by_the_previous_release_opens_with_the_open_callout_pending_and_the_stood_down_one_closed()
    {
        StartShortlyAfterTheUpgrade();
        var flood = await Get($"/api/incidents/{OpenFlood}");
        Assert.Equal("Recruiting", (string?)flood["status"]);
        Assert.Equal("bj-flood", (string?)flood["plan"]);
        Assert.Equal(OpenedAt, (DateTimeOffset)flood["createdAt"]!);
        Assert.Equal([(WaterTeam, "Pending", 1), (JingshanTeam, "Pending", 1)], Shape(flood));
        Assert.All(Offers(flood), o => Assert.Equal(OpenedAt + OfferTimeout, (DateTimeOffset)o["expiresAt"]!));
        var requirement = flood["requirements"]![0]!;
        Assert.Equal(("District", 3_000d), ((string?)requirement["level"], (double)requirement["radiusMeters"]!));
        var held = (await Get($"/api/teams/{WaterTeam}/offers")).AsArray().Single()!;
        Assert.Equal(OpenFlood, (string?)held["offer"]!["incident"]);
        Assert.Equal("Open", (string?)held["status"]);
        // 刘洋 accepted before the old server stopped; 景山 musters two, so the offer still waits for 李强.
        var waiting = (await Get($"/api/teams/{JingshanTeam}/offers")).AsArray().Single()!;
        Assert.Equal("Open", (string?)waiting["status"]);
        Assert.Equal([("v-liuyang", "Accept")], waiting["answers"]!.AsArray().Select(a => ((string?)a!["volunteer"], (string?)a["answer"])));
        var verdicts = (await Get($"/api/incidents/{OpenFlood}/explanation"))["candidates"]!.AsArray();
        Assert.All(verdicts.Where(v => (string?)v!["team"] is WaterTeam or JingshanTeam), v => Assert.Null((string?)v!["reason"]));

        var rescue = await Get($"/api/incidents/{StoodDownRescue}");
        Assert.Equal("StoodDown", (string?)rescue["status"]);
        var withdrawn = Offers(rescue).Single();
        Assert.Equal((LantianTeam, "Withdrawn", "StoodDown"), ((string?)withdrawn["team"], (string?)withdrawn["status"], (string?)withdrawn["withdrawalReason"]));
        var lantianOffer = (await Get($"/api/teams/{LantianTeam}/offers")).AsArray().Single()!;
        Assert.Equal("Withdrawn", (string?)lantianOffer["status"]);
        Assert.Equal(["v-zhaolei"], lantianOffer["answers"]!.AsArray().Select(a => (string?)a!["volunteer"]));

        var listed = (await Get($"/api/organisations/{City}/incidents")).AsArray().Select(i => (string?)i!["id"]);
        Assert.Equal([OpenFlood, StoodDownRescue], listed);

        // The flood went out with an idempotency key: the client's retry after the upgrade replays, it opens nothing new.
        var retry = await _client.SendRaw(HttpMethod.Post, "/api/incidents", (string)Notes["floodRequest"]!, (string)Notes["floodIdempotencyKey"]!);
        await retry.Expect(HttpStatusCode.Created);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));

        var drill = await Get("/api/exercises/bj-drill-2026-11");
        Assert.Equal(("东城区防汛演练", "Ended"), ((string?)drill["name"], (string?)drill["status"]));
        await Get("/api/exercises/bj-drill-2026-11/report");
        Assert.Equal(["bj-drill-2026-11"], (await Get($"/api/organisations/{Dongcheng}/exercises")).AsArray().Select(e => (string?)e!["id"]));
    }

    [Fact]
    public async Task a_data_folder_written_by_the_previous_release_times_out_the_open_callouts_offers_at_their_stored_deadline_and_escalates_as_a_fresh_callout_does()
    {
        StartShortlyAfterTheUpgrade();
        // The same flood opened now, on this build, is the yardstick for what the carried-over one must do.
        var fresh = await (await _client.PostJson("/api/incidents", new
        {
            id = "bj-fresh-flood", incidentType = "flood", place = new { latitude = 39.928, longitude = 116.425 },
            organisationId = Dongcheng, severity = 3,
        })).Expect(HttpStatusCode.Created);
        Assert.Equal([(WaterTeam, "Pending", 1), (JingshanTeam, "Pending", 1)], Shape(fresh));

        // Just past the deadline stored by the old release; the fresh callout's own runs nine minutes later.
        App.Clock.SetUtcNow(OpenedAt + OfferTimeout + TimeSpan.FromSeconds(1));
        var carried = await Get($"/api/incidents/{OpenFlood}");
        Assert.Equal([(WaterTeam, "TimedOut", 1), (JingshanTeam, "TimedOut", 1), (LantianTeam, "Pending", 2)], Shape(carried));
        var requirement = carried["requirements"]![0]!;
        // 蓝天 is the city's own team, not 东城's: the district's rung finds no one new, so the ladder reaches the city.
        Assert.Equal(("City", 30_000d), ((string?)requirement["level"], (double)requirement["radiusMeters"]!));
        Assert.Equal([(WaterTeam, "Pending", 1), (JingshanTeam, "Pending", 1)], Shape(await Get("/api/incidents/bj-fresh-flood")));

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var freshAfter = await Get("/api/incidents/bj-fresh-flood");
        Assert.Equal(Shape(carried), Shape(freshAfter));
        Assert.Equal(Requirements(carried), Requirements(freshAfter));
        var timedOut = (await Get($"/api/incidents/{OpenFlood}/timeline"))["entries"]!.AsArray().Where(e => (string?)e!["kind"] == "offer-timed-out").ToList();
        Assert.Equal(2, timedOut.Count);
        Assert.All(timedOut, e => Assert.True((DateTimeOffset)e!["at"]! >= OpenedAt + OfferTimeout));
    }

    [Fact]
    public async Task a_data_folder_written_by_the_previous_release_takes_a_new_callout_that_its_teams_answer_and_fill()
    {
        StartShortlyAfterTheUpgrade();
        // First aid within 15 km of 东城: 景山 (one medic, 东城's) qualifies; 蓝天 (two, the city's own team) would too,
        // but a district's incident asks the city's teams only once its ladder reaches the city.
        var opened = await (await _client.PostJson("/api/incidents", new
        {
            id = "bj-new-rescue", incidentType = "rescue", place = new { latitude = 39.928, longitude = 116.425 },
            organisationId = Dongcheng, severity = 2, radiusMeters = 15_000, offerTimeout = "00:05:00",
            requirements = new[] { new { key = "medic", capability = "first-aid", teams = 1, minimumMembers = 1 } },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal([(JingshanTeam, "Pending", 1)], Shape(opened));

        var offer = (string)Offers(opened).Single(o => (string?)o["team"] == JingshanTeam)["id"]!;
        await Eventually(() => Get($"/api/teams/{JingshanTeam}/offers"), held => held.AsArray().Any(h => (string?)h!["offer"]!["offer"] == offer));
        foreach (var member in new[] { "v-liqiang", "v-liuyang" })
            await (await _client.PostJson($"/api/teams/{JingshanTeam}/offers/{offer}/answers", new { volunteerId = member, answer = "Accept", etaMinutes = 10 })).Expect(HttpStatusCode.OK);

        var filled = await Get("/api/incidents/bj-new-rescue");
        Assert.Equal("Filled", (string?)filled["status"]);
        Assert.Equal([(JingshanTeam, "Accepted", 1)], Shape(filled));
        var liqiang = await Get("/api/volunteers/v-liqiang/status");
        Assert.Equal(("Assigned", "bj-new-rescue"), ((string?)liqiang["status"], (string?)liqiang["currentIncident"]));

        // What this build wrote over the old rows (their ETags, the listing written behind) reads back after a restart.
        _app = await App.RestartAsync();
        _client = App.CreateClient();
        Assert.Equal("Filled", (string?)(await Get("/api/incidents/bj-new-rescue"))["status"]);
        Assert.Equal("bj-new-rescue", (string?)(await Get($"/api/teams/{JingshanTeam}"))["assignment"]!["incident"]);
        Assert.Equal(["bj-new-rescue", OpenFlood], (await Get($"/api/organisations/{Dongcheng}/incidents")).AsArray().Select(i => (string?)i!["id"]));
    }

    [Fact]
    public async Task a_data_folder_written_by_the_previous_release_while_its_offers_expired_during_the_upgrade_times_them_out_as_it_starts()
    {
        // The upgrade took a quarter of an hour, longer than the offers had: they are due the moment the incident wakes.
        Start(TimeSpan.FromMinutes(15));
        var carried = await Get($"/api/incidents/{OpenFlood}");
        Assert.Equal([(WaterTeam, "TimedOut", 1), (JingshanTeam, "TimedOut", 1), (LantianTeam, "Pending", 2)], Shape(carried));
        var escalated = Offers(carried)[2];
        Assert.Equal(OpenedAt + TimeSpan.FromMinutes(15) + OfferTimeout, (DateTimeOffset)escalated["expiresAt"]!);
    }

    [Fact]
    public async Task a_data_folder_written_by_the_previous_release_lets_a_team_hear_its_members_next_duty_change()
    {
        StartShortlyAfterTheUpgrade();
        // The fixture's teams hold member cards a version ahead of the volunteers' stored rows: each location report
        // raised the version without a write. The first change after the upgrade must still reach the team.
        await (await _client.PutJson("/api/volunteers/v-wangfang/duty", new { status = "Off" })).Expect(HttpStatusCode.OK);
        var water = await Eventually(() => Get($"/api/teams/{WaterTeam}"), t => (int)t["qualifiedMembers"]!["water-rescue"]! == 1);
        Assert.Equal(1, (int)water["qualifiedMembers"]!["water-rescue"]!);
    }

    private async Task<JsonNode> Get(string url) => await (await _client.GetAsync(url)).Expect(HttpStatusCode.OK);

    /// <summary>Reads until <paramref name="done"/> (five seconds at most): one-way messages (volunteer to team,
    /// incident to team) land a moment after the call that sent them has answered.</summary>
    private static async Task<JsonNode> Eventually(Func<Task<JsonNode>> read, Func<JsonNode, bool> done)
    {
        var value = await read();
        for (var attempt = 0; attempt < 50 && !done(value); attempt++)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }

    private HttpClient Phone(string token)
    {
        var phone = App.CreateAnonymousClient();
        phone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return phone;
    }

    private static List<string?> Ids(JsonNode? array) => [.. array!.AsArray().Select(n => (string?)n)];

    private static List<JsonNode> Offers(JsonNode summary) =>
        [.. summary["offers"]!.AsArray().Select(o => o!).OrderBy(o => (int)o["sequence"]!)];

    private static List<(string?, string?, int)> Shape(JsonNode summary) =>
        [.. Offers(summary).Select(o => ((string?)o["team"], (string?)o["status"], (int)o["wave"]!))];

    private static string Requirements(JsonNode summary) => summary["requirements"]!.ToJsonString();

    /// <summary>The database and, for a killed server, its WAL (gzipped in the fixture), and the signing key; never
    /// administrator.token, which every start writes anew.</summary>
    private static void CopyDataFolder(string fixture, string data)
    {
        foreach (var file in Directory.EnumerateFiles(fixture).Where(f => Path.GetFileName(f).StartsWith("mobilize.db", StringComparison.Ordinal)))
        {
            if (file.EndsWith(".gz", StringComparison.Ordinal))
            {
                using var packed = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                using var target = File.Create(Path.Combine(data, Path.GetFileNameWithoutExtension(file)));
                packed.CopyTo(target);
            }
            else
            {
                File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
            }
        }
        File.Copy(Path.Combine(fixture, "signing.key"), Path.Combine(data, "signing.key"));
    }
}

/// <summary>The old server stopped with SIGTERM: SQLite checkpointed, the fixture is mobilize.db alone.</summary>
public sealed class GracefullyStoppedReleaseCarryOverTests() : CarryOverTests("release-2026-11");

/// <summary>The old server killed with SIGKILL: every write since it opened is still in the WAL.</summary>
public sealed class KilledReleaseCarryOverTests() : CarryOverTests("release-2026-11-killed");
