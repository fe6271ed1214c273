using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;
using Mobilize.Api.Access;
using Mobilize.Browser.Tests.Infrastructure;
using Mobilize.Grains.Shared;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>The administration page (/admin) driven as a commander would, on a laptop in Chinese and on a phone in
/// English: each screen through the public API, and nothing in the page complains but the refusals a test provokes.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AdminInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A laptop in Chinese (the default) and a phone switched to English.</summary>
    public static TheoryData<bool> Screens => new() { false, true };

    private string AdminLink(string organisation) =>
        $"/admin/#token={browser.App.Token(new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(organisation)))}";

    private async Task<(IBrowserContext Context, WatchedPage Page)> OpenAsync(bool phone, string screen)
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.BaseAddress.ToString(),
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1440, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "zh-CN",
        });
        var admin = await WatchedPage.OpenAsync(context, AdminLink(_callout.City), waitOnline: false);
        await Expect(admin.Page.Locator("#org-name")).ToContainTextAsync("北京市");
        if (phone)
        {
            await admin.Page.Locator("#language").ClickAsync();
            await Expect(admin.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
        await admin.Page.Locator($"nav#screens [data-screen={screen}]").ClickAsync();
        await Expect(admin.Page.Locator("#screen")).ToHaveAttributeAsync("data-screen", screen);
        return (context, admin);
    }

    /// <summary>Nothing went wrong in the page but the refusals the test provoked on purpose (the browser logs each
    /// 4xx answer as a failed resource load).</summary>
    private static void AssertNoOtherProblems(WatchedPage page, params string[] provoked)
    {
        var others = page.Problems.Where(p => !provoked.Any(expected => p.Contains(expected, StringComparison.Ordinal))
            && !(provoked.Length > 0 && p.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))).ToList();
        Assert.True(others.Count == 0, $"the page said: {string.Join(" | ", others)}");
    }

    private static string IdNumber(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * ((1 << (17 - i)) % 11);
        return first17 + "10X98765432"[sum % 11];
    }

    private static int _phones = Random.Shared.Next(10_000_000, 50_000_000);

    private static string NewPhone() => $"137{Interlocked.Increment(ref _phones):D8}";

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task registration_with_a_bad_id_number_shows_the_servers_message_beside_the_field_then_registers_when_corrected(bool phone)
    {
        var (context, admin) = await OpenAsync(phone, "volunteers");
        await using var _ = context;
        var page = admin.Page;
        var id = $"{_callout.Prefix}-reg-{(phone ? "p" : "d")}";
        var good = IdNumber($"1101051985{(phone ? "0612" : "0613")}{Random.Shared.Next(100, 999)}");
        await page.Locator("#vol-id").FillAsync(id);
        await page.Locator("#vol-name").FillAsync("陈静");
        await page.Locator("#vol-phone").FillAsync(NewPhone());
        // The last character is the check character: one that does not match the 17 digits before it.
        await page.Locator("#vol-idnumber").FillAsync(good[..17] + (good[17] == '0' ? '1' : '0'));
        await page.Locator("#vol-register button.primary").ClickAsync();

        var message = page.Locator("#vol-idnumber + .field-error");
        await Expect(message).ToHaveTextAsync(phone ? "check character does not match (check the ID number)" : "校验码不符（请核对身份证号）");
        await Expect(page.Locator("#vol-idnumber")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.Locator("#language").ClickAsync();
        await Expect(message).ToHaveTextAsync(phone ? "校验码不符（请核对身份证号）" : "check character does not match (check the ID number)");
        await BrowserFixture.ScreenshotAsync(page, $"admin-registration-refused-{(phone ? "phone" : "desktop")}");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"/api/volunteers/{id}")).StatusCode);

        await page.Locator("#vol-idnumber").FillAsync(good);
        await page.Locator("#vol-register button.primary").ClickAsync();
        await Expect(page.Locator("#vol-register-ok")).ToContainTextAsync(id);
        await Expect(page.Locator("#vol-idnumber + .field-error")).ToHaveCountAsync(0);
        // The profile the server keeps shows the ID number masked.
        await Expect(page.Locator("#vol-detail")).ToContainTextAsync("陈静");
        await Expect(page.Locator("#vol-detail")).Not.ToContainTextAsync(good);

        // A certification added with its expiry date, then renewed: the table shows the new date.
        await page.Locator("#cert-capability").FillAsync("water-rescue");
        await page.Locator("#cert-issued").FillAsync("2026-01-10");
        await page.Locator("#cert-expires").FillAsync("2026-12-31");
        await page.Locator("#cert-form button.primary").ClickAsync();
        var row = page.Locator("#cert-table tr[data-capability=water-rescue]");
        await Expect(row.Locator(".expires")).ToContainTextAsync("2026");
        await row.Locator("[data-action=renew]").ClickAsync();
        await page.Locator("#cert-expires").FillAsync("2028-12-31");
        await page.Locator("#cert-form button.primary").ClickAsync();
        await Expect(page.Locator("#cert-table tr[data-capability=water-rescue] .expires")).ToContainTextAsync("2028");
        await page.Locator("#ins-policy").FillAsync($"PICC-{id}");
        await page.Locator("#ins-from").FillAsync("2026-07-01");
        await page.Locator("#ins-to").FillAsync("2027-06-30");
        await page.Locator("#ins-form button.primary").ClickAsync();
        await Expect(page.Locator("#vol-insurance")).ToContainTextAsync($"PICC-{id}");
        var profile = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/volunteers/{id}"))!;
        Assert.Equal("2028-12-31", (string?)profile["certifications"]![0]!["expires"]);
        Assert.Equal("2027-06-30", (string?)profile["insurance"]!["validTo"]);
        AssertNoOtherProblems(admin, "400 POST");
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task a_plan_edited_in_the_editor_is_the_plan_the_next_callout_follows(bool phone)
    {
        var (context, admin) = await OpenAsync(phone, "plans");
        await using var _ = context;
        var page = admin.Page;
        await page.Locator("#plan-type").FillAsync("flood");
        await page.Locator("#plan-load button").ClickAsync();
        await Expect(page.Locator("#req-0-key")).ToHaveValueAsync("water");
        await Expect(page.Locator("#plan-radius")).ToHaveValueAsync("5");

        // A bad radius first: the server's message sits beside the kilometres it came from, and nothing is saved.
        await page.Locator("#plan-radius").FillAsync("900");
        await page.Locator("#plan-save").ClickAsync();
        await Expect(page.Locator("#plan-radius + .field-error")).ToHaveTextAsync(phone ? "must be more than 0 and at most 500 km" : "须大于 0 且不超过 500 公里");

        await page.Locator("#plan-radius").FillAsync("8");
        await page.Locator("#req-0-key").FillAsync("boats");
        await page.Locator("#plan-timeout").FillAsync("15");
        await page.Locator("#add-step").ClickAsync();
        await page.Locator("#step-0-level").SelectOptionAsync("City");
        await page.Locator("#step-0-factor").FillAsync("");
        await page.Locator("#step-0-km").FillAsync("20");
        await page.Locator("#plan-save").ClickAsync();
        await Expect(page.Locator("#plan-ok")).ToContainTextAsync("flood");
        await BrowserFixture.ScreenshotAsync(page, $"admin-plan-editor-{(phone ? "phone" : "desktop")}");

        var plan = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/organisations/{_callout.City}/plans/flood"))!;
        Assert.Equal(8_000, (double)plan["radiusMeters"]!);
        Assert.Equal("00:15:00", (string?)plan["offerTimeout"]);
        Assert.Equal("City", (string?)plan["ladder"]![0]!["level"]);
        Assert.Equal(20_000, (double)plan["ladder"]![0]!["radiusMeters"]!);

        var incident = $"{_callout.Prefix}-after-edit-{(phone ? "p" : "d")}";
        await _callout.OpenIncidentAsync(incident);
        var summary = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/incidents/{incident}"))!;
        Assert.Contains("\"boats\"", summary["requirements"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"water\"", summary["requirements"]!.ToJsonString(), StringComparison.Ordinal);
        AssertNoOtherProblems(admin, "400 PUT");
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task a_csv_with_bad_rows_lists_each_and_imports_nothing_and_the_corrected_file_imports(bool phone)
    {
        var (context, admin) = await OpenAsync(phone, "imports");
        await using var _ = context;
        var page = admin.Page;
        var tag = phone ? "p" : "d";
        var (first, second) = ($"{_callout.Prefix}-csv1{tag}", $"{_callout.Prefix}-csv2{tag}");
        var (phone1, phone2) = (NewPhone(), NewPhone());
        const string header = "id,realName,phone,idNumber,skills,certifications,insurancePolicyNumber,insuranceValidFrom,insuranceValidTo";
        var bad = $"{header}\n{first},刘洋,{phone1},,swimming,water-rescue|2026-01-01|2027-12-31,PICC-{first},2026-01-01,2026-12-31\n{second},周,12345,,,,,,\n";
        await page.Locator("#imp-file").SetInputFilesAsync(new FilePayload { Name = "volunteers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(bad) });
        await page.Locator("#imp-check").ClickAsync();

        var problems = page.Locator("#imp-problems tbody tr");
        await Expect(problems).ToHaveCountAsync(2);
        await Expect(page.Locator("#imp-problems tr[data-line='3'][data-column=realName]")).ToContainTextAsync(phone ? "must be 2 to 40 characters" : "须为 2 到 40 个字符");
        await Expect(page.Locator("#imp-problems tr[data-line='3'][data-column=phone]")).ToContainTextAsync(phone ? "mainland mobile number" : "中国大陆手机号");
        await Expect(page.Locator("#imp-run")).ToBeDisabledAsync();
        await BrowserFixture.ScreenshotAsync(page, $"admin-import-dry-run-{(phone ? "phone" : "desktop")}");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"/api/volunteers/{first}")).StatusCode);

        var clean = bad.Replace($"{second},周,12345", $"{second},周敏,{phone2}", StringComparison.Ordinal);
        await page.Locator("#imp-file").SetInputFilesAsync(new FilePayload { Name = "volunteers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(clean) });
        await Expect(page.Locator("#imp-problems")).ToHaveCountAsync(0);
        await page.Locator("#imp-check").ClickAsync();
        await Expect(page.Locator("#imp-summary")).ToContainTextAsync("2");
        await Expect(page.Locator("#imp-run")).ToBeEnabledAsync();
        await page.Locator("#imp-run").ClickAsync();
        await Expect(page.Locator("#imp-summary")).ToHaveTextAsync(phone ? "Rows imported: 2" : "已导入 2 行");
        var imported = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/volunteers/{second}"))!;
        Assert.Equal("周敏", (string?)imported["realName"]);
        Assert.Equal(_callout.City, (string?)imported["registeredBy"]);

        // The teams that follow, led by a volunteer the file just brought in.
        await page.Locator("#imp-kind").SelectOptionAsync("teams");
        var team = $"{_callout.Prefix}-csvteam{tag}";
        var teams = $"id,name,organisationId,leaderId,latitude,longitude,minimumMembersToMuster,members\n{team},朝阳救援队,{_callout.City},{first},{_callout.Latitude + 0.01},{Callout.Longitude},1,{second}\n";
        await page.Locator("#imp-file").SetInputFilesAsync(new FilePayload { Name = "teams.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(teams) });
        await page.Locator("#imp-check").ClickAsync();
        await Expect(page.Locator("#imp-run")).ToBeEnabledAsync();
        await page.Locator("#imp-run").ClickAsync();
        await Expect(page.Locator("#imp-summary")).ToHaveTextAsync(phone ? "Rows imported: 1" : "已导入 1 行");
        var view = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/teams/{team}"))!;
        Assert.Equal(new[] { first, second }.Order(), view["members"]!.AsArray().Select(m => (string)m!).Order());
        AssertNoOtherProblems(admin);
    }

    [GeneratedRegex(@"M(\d+) (\d+)h1v1h-1z")]
    private static partial Regex Module();

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task an_enrolment_link_shows_a_qr_code_whose_modules_are_the_links_and_the_link_signs_the_volunteer_in(bool phone)
    {
        var (context, admin) = await OpenAsync(phone, "enrolments");
        await using var _ = context;
        var page = admin.Page;
        await page.Locator("#enrol-volunteer").FillAsync(_callout.Volunteer);
        await page.Locator("#enrol-form button.primary").ClickAsync();
        var link = page.Locator("#enrol-link");
        await Expect(link).ToHaveAttributeAsync("href", new Regex("/volunteer/#enrol="));
        await Expect(page.Locator("#enrol-expires")).ToContainTextAsync(phone ? "Beijing time" : "北京时间");
        await BrowserFixture.ScreenshotAsync(page, $"admin-enrolment-qr-{(phone ? "phone" : "desktop")}");
        var url = (await link.GetAttributeAsync("href"))!;

        // The SVG as the page shows it, read back module by module and compared with QRCoder's encoding of the link.
        var svg = XDocument.Parse(await page.Locator("#enrol-qr svg").EvaluateAsync<string>("e => new XMLSerializer().serializeToString(e)"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var size = int.Parse(svg.Root!.Attribute("viewBox")!.Value.Split(' ')[2]);
        var drawn = new bool[size, size];
        foreach (Match m in Module().Matches(svg.Root.Element(ns + "path")!.Attribute("d")!.Value))
            drawn[int.Parse(m.Groups[2].Value), int.Parse(m.Groups[1].Value)] = true;
        var expected = EnrolmentQr.Encode(url).ModuleMatrix;
        Assert.Equal(expected.Count, size);
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
            Assert.True(expected[y][x] == drawn[y, x], $"module ({x}, {y}) differs");
        Assert.True(await page.Locator("#enrol-qr svg").BoundingBoxAsync() is { Width: > 100 });

        // What the code holds is a working link: opened on a phone it signs the volunteer in.
        await using var volunteerContext = await browser.NewContextAsync(phone: true);
        var volunteer = await WatchedPage.OpenAsync(volunteerContext, url);
        await volunteer.AssertStayedUpAsync();
        AssertNoOtherProblems(admin);
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task a_commander_builds_the_tree_a_team_and_its_roster_and_an_invitation_waits_for_consent(bool phone)
    {
        var (context, admin) = await OpenAsync(phone, "organisations");
        await using var _ = context;
        var page = admin.Page;
        var tag = phone ? "p" : "d";
        var district = $"{_callout.Prefix}-dist{tag}";
        await page.Locator("#org-new-id").FillAsync(district);
        await page.Locator("#org-new-name").FillAsync("朝阳区");
        await page.Locator("#org-create button.primary").ClickAsync();
        await Expect(page.Locator($"#org-children [data-organisation='{district}']")).ToContainTextAsync(phone ? "District" : "区");

        // A volunteer registered elsewhere (by an administrator): adding them is only an invitation.
        var outsider = $"{_callout.Prefix}-out{tag}";
        var registered = await browser.Http.PostAsync("/api/volunteers", JsonContent(new JsonObject { ["id"] = outsider, ["realName"] = "吴强", ["phone"] = NewPhone() }));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        await page.Locator("nav#screens [data-screen=teams]").ClickAsync();
        var team = $"{_callout.Prefix}-adm{tag}";
        await page.Locator("#team-id").FillAsync(team);
        await page.Locator("#team-name").FillAsync("东城第二救援队");
        await page.Locator("#team-leader").FillAsync(_callout.Volunteer);
        await page.Locator("#team-lat").FillAsync((_callout.Latitude + 0.02).ToString("R"));
        await page.Locator("#team-lon").FillAsync(Callout.Longitude.ToString("R"));
        await page.Locator("#team-create button.primary").ClickAsync();
        await Expect(page.Locator($"#teams-table tr[data-team='{team}']")).ToBeVisibleAsync();
        await page.Locator("#member-id").FillAsync(outsider);
        await page.Locator("#member-add button").ClickAsync();
        await Expect(page.Locator($"#members-table tr[data-invited='{outsider}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#member-ok")).ToContainTextAsync(outsider);
        await page.Locator($"#members-table tr[data-invited='{outsider}'] [data-action=withdraw]").ClickAsync();
        await Expect(page.Locator($"#members-table tr[data-invited='{outsider}']")).ToHaveCountAsync(0);

        await page.Locator("nav#screens [data-screen=rosters]").ClickAsync();
        var row = page.Locator($"#roster-table tr[data-team='{team}']");
        await row.Locator("select").SelectOptionAsync("OnCall");
        await row.Locator("input[type=datetime-local]").FillAsync("2026-07-20T18:30");
        await row.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator($"#roster-table tr[data-team='{team}'] .status")).ToHaveTextAsync(phone ? "On call" : "值守中");
        // 18:30 in Beijing is 10:30 UTC; the page shows Beijing time back.
        await Expect(page.Locator($"#roster-table tr[data-team='{team}'] .until")).ToContainTextAsync("18:30");
        var saved = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/teams/{team}"))!;
        Assert.Equal(DateTimeOffset.Parse("2026-07-20T10:30:00Z"), DateTimeOffset.Parse((string)saved["onCallUntil"]!));
        await BrowserFixture.ScreenshotAsync(page, $"admin-roster-{(phone ? "phone" : "desktop")}");
        AssertNoOtherProblems(admin);
    }

    [Fact]
    public async Task an_observer_reads_but_is_offered_no_change_and_the_dashboard_header_leads_here()
    {
        await using var context = await browser.NewContextAsync();
        var observer = await WatchedPage.OpenAsync(context,
            $"/admin/#token={browser.App.Token(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(_callout.City)))}", waitOnline: false);
        await Expect(observer.Page.Locator("#org-current")).ToHaveTextAsync("北京市");
        await Expect(observer.Page.Locator("#org-create")).ToHaveCountAsync(0);
        await observer.Page.Locator("nav#screens [data-screen=teams]").ClickAsync();
        await Expect(observer.Page.Locator($"#teams-table tr[data-team='{_callout.Team}']")).ToBeVisibleAsync();
        await Expect(observer.Page.Locator("#team-create")).ToHaveCountAsync(0);
        AssertNoOtherProblems(observer);

        var dashboard = await WatchedPage.OpenAsync(context, browser.CommanderLink(_callout.City));
        await dashboard.Page.Locator("#to-admin").ClickAsync();
        await Expect(dashboard.Page.Locator("#org-current")).ToHaveTextAsync("北京市");
        await Expect(dashboard.Page.Locator("#org-create")).ToBeVisibleAsync();
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
