using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Mobilize.Api.Access;
using Mobilize.Browser.Tests.Infrastructure;
using Mobilize.Grains.Shared;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>The dispatcher's console: who is coming and the unit status board following a callout live, and finding one
/// incident among several; at a laptop's and a phone's size, in Chinese and in English, with times in Beijing time.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<bool, bool> Sizes => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    private static string Clock(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Beijing).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string Say(bool english, string zh, string en) => english ? en : zh;

    /// <summary>A phone's context from the fixture, or a 1440×900 laptop's.</summary>
    private Task<IBrowserContext> NewContextAsync(bool phone) => phone ? browser.NewContextAsync(phone: true) : browser.Browser.NewContextAsync(new()
    {
        BaseURL = browser.BaseAddress.ToString(),
        ViewportSize = new() { Width = 1440, Height = 900 },
        Locale = "zh-CN",
    });

    private async Task<WatchedPage> OpenAsync(IBrowserContext context, bool english)
    {
        var dashboard = await WatchedPage.OpenAsync(context, browser.CommanderLink(_callout.City));
        if (english) await dashboard.Page.Locator("#language").ClickAsync();
        await Expect(dashboard.Page.Locator("#units h2")).ToHaveTextAsync(Say(english, "单位状态", "Unit status"));
        return dashboard;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task who_is_coming_and_the_unit_board_follow_a_callout_from_offer_to_check_in_without_a_reload(bool phone, bool english)
    {
        await using var context = await NewContextAsync(phone);
        var dashboard = await OpenAsync(context, english);
        var page = dashboard.Page;
        var unit = page.Locator($"#unit-list tr[data-unit='{_callout.Team}']");
        await Expect(unit.Locator(".unit-status")).ToContainTextAsync(Say(english, "待命", "Available"));
        await Expect(page.Locator("#unit-counts [data-status=Available] .count")).ToHaveTextAsync("1");

        var incident = $"{_callout.Prefix}-coming";
        await _callout.OpenIncidentAsync(incident);
        var card = page.Locator($".incident[data-incident='{incident}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(unit.Locator(".unit-status")).ToContainTextAsync(Say(english, "已派单", "Offered"));

        await card.Locator("[data-action=responders]").ClickAsync();
        var member = card.Locator($".responders .responder-team[data-team='{_callout.Team}'] li[data-volunteer='{_callout.Volunteer}']");
        await Expect(card.Locator(".responders .responder-team > div > strong")).ToHaveTextAsync("东城水上救援队");
        await Expect(member).ToContainTextAsync("李明");
        await Expect(member).ToContainTextAsync(Say(english, "未答复", "no answer yet"));

        var answeredAt = browser.App.Clock.GetUtcNow();
        await AnswerAsync(incident, etaMinutes: 12);
        await Expect(member).ToHaveAttributeAsync("data-arrival", "Mustered");
        await Expect(member).ToContainTextAsync(Say(english, "接受", "accepted"));
        await Expect(member).ToContainTextAsync(Say(english, "预计 12 分钟", "ETA 12 min"));
        await Expect(member.Locator(".arrives")).ToContainTextAsync(Clock(answeredAt.AddMinutes(12)));
        await Expect(member.Locator(".arrival")).ToHaveTextAsync(Say(english, "已集结", "mustered"));
        await Expect(unit.Locator(".unit-status")).ToContainTextAsync(Say(english, "已集结", "Mustered"));
        await Expect(card).ToHaveAttributeAsync("data-status", "Filled");

        browser.App.Clock.Advance(TimeSpan.FromMinutes(14));
        var arrivedAt = browser.App.Clock.GetUtcNow();
        using (var checkIn = await browser.Http.PostAsJsonAsync($"/api/incidents/{incident}/check-ins", new { volunteerId = _callout.Volunteer, teamId = _callout.Team }))
            Assert.Equal(HttpStatusCode.OK, checkIn.StatusCode);
        await Expect(member).ToHaveAttributeAsync("data-arrival", "CheckedIn");
        await Expect(member.Locator(".arrival")).ToHaveTextAsync(Say(english, $"已签到 {Clock(arrivedAt)}", $"checked in {Clock(arrivedAt)}"));
        await Expect(unit.Locator(".unit-status")).ToContainTextAsync(Say(english, "在现场", "On scene"));
        await Expect(page.Locator("#unit-counts [data-status=OnScene] .count")).ToHaveTextAsync("1");

        // The feed told the story in words, under the incident's own heading, with the team's and the member's names.
        var group = page.Locator($"#feed .feed-group[data-incident='{incident}']");
        await Expect(group.Locator("h3")).ToContainTextAsync(Say(english, "洪涝", "Flood"));
        await Expect(group.Locator("li[data-kind=offer-sent]")).ToContainTextAsync(Say(english, "向 东城水上救援队 发出任务", "Offer sent to 东城水上救援队"));
        await Expect(group.Locator("li[data-kind=offer-answered][data-volunteer]")).ToContainTextAsync(Say(english, "东城水上救援队：李明 接受", "东城水上救援队: 李明 accepted"));
        await Expect(group.Locator("li[data-kind=timeline]").Filter(new() { HasTextString = Say(english, "到达签到", "arrived and checked in") }))
            .ToContainTextAsync(Clock(arrivedAt));
        await Expect(page.Locator("#feed")).Not.ToContainTextAsync("member-arrived");
        await Expect(page.Locator("#feed")).Not.ToContainTextAsync(_callout.Team);

        // The board's filters: by capability (in words), and a status chip that toggles.
        await page.Locator("#unit-capability").SelectOptionAsync("water-rescue");
        await Expect(page.Locator("#unit-capability option:checked")).ToHaveTextAsync(Say(english, "水上救援", "Water rescue"));
        await Expect(unit).ToBeVisibleAsync();
        await page.Locator("#unit-counts [data-status=Available]").ClickAsync();
        await Expect(page.Locator("#unit-counts [data-status=Available]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#unit-list")).ToContainTextAsync(Say(english, "没有符合条件的队伍", "No team matches"));
        await page.Locator("#unit-counts [data-status=Available]").ClickAsync();
        await Expect(unit).ToBeVisibleAsync();

        await BrowserFixture.ScreenshotAsync(page, $"console-who-is-coming-{(phone ? "phone" : "laptop")}-{(english ? "en" : "zh")}");
        await dashboard.AssertStayedUpAsync();
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task the_incident_list_filters_searches_and_sorts_and_stood_down_incidents_leave_the_live_list(bool phone, bool english)
    {
        var north = await DistrictAsync("north", "北区");
        var south = await DistrictAsync("south", "南区");
        await using var context = await NewContextAsync(phone);
        var dashboard = await OpenAsync(context, english);
        var page = dashboard.Page;

        var drill = await OpenAsync("drill", south, "flood", severity: 4, exercise: true, teams: 1, "演练：转移群众");
        // A minute apart, so "newest" has an order to show.
        browser.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var dykeOpened = browser.App.Clock.GetUtcNow();
        var dyke = await OpenAsync("dyke", north, "flood", severity: 1, exercise: false, teams: 2, "堤坝渗水");
        browser.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var slide = await OpenAsync("slide", _callout.City, "landslide", severity: 2, exercise: false, teams: 1, "山体滑坡，道路中断");
        var cards = page.Locator(".incident");
        await Expect(cards).ToHaveCountAsync(3);
        using (var stood = await browser.Http.PostAsync($"/api/incidents/{slide}/stand-down", null)) Assert.Equal(HttpStatusCode.OK, stood.StatusCode);
        await Expect(cards).ToHaveCountAsync(2);
        await Expect(page.Locator($".incident[data-incident='{slide}']")).ToHaveCountAsync(0);

        async Task Shows(params string[] ids)
        {
            await Expect(cards).ToHaveCountAsync(ids.Length);
            for (var i = 0; i < ids.Length; i++) await Expect(cards.Nth(i)).ToHaveAttributeAsync("data-incident", ids[i]);
        }

        await Shows(dyke, drill);
        await page.Locator("#incident-sort").SelectOptionAsync("severity");
        await Shows(drill, dyke);
        await page.Locator("#incident-sort").SelectOptionAsync("unfilled");
        await Shows(dyke, drill);

        await page.Locator("#incident-state").SelectOptionAsync("StoodDown");
        await Shows(slide);
        await Expect(cards.First.Locator(".badge.status")).ToHaveTextAsync(Say(english, "已解除", "Stood down"));
        await Expect(cards.First.Locator("header strong")).ToHaveTextAsync(Say(english, "山体滑坡", "Landslide"));
        await page.Locator("#incident-state").SelectOptionAsync("live");

        await page.Locator("#incident-kind").SelectOptionAsync("exercise");
        await Shows(drill);
        await page.Locator("#incident-kind").SelectOptionAsync("real");
        await Shows(dyke);
        await page.Locator("#incident-kind").SelectOptionAsync("all");

        await page.Locator("#incident-district").SelectOptionAsync(south);
        await Shows(drill);
        await Expect(page.Locator("#incident-district option:checked")).ToHaveTextAsync("南区");
        await page.Locator("#incident-district").SelectOptionAsync("");

        await page.Locator("#incident-type").SelectOptionAsync("landslide");
        await Expect(cards).ToHaveCountAsync(0);
        await Expect(page.Locator("#incidents")).ToContainTextAsync(Say(english, "没有符合条件的事件", "No incident matches"));
        await page.Locator("#incident-type").SelectOptionAsync("");

        await page.Locator("#incident-search").FillAsync("渗水");
        await Shows(dyke);
        await page.Locator("#incident-search").FillAsync("北区");
        await Shows(dyke);
        await page.Locator("#incident-search").FillAsync(drill);
        await Shows(drill);
        await page.Locator("#incident-search").FillAsync("");
        await Expect(page.Locator("#incidents-shown")).ToHaveTextAsync(Say(english, "显示 2 / 3 个事件", "2 of 3 incidents"));

        // Opening times in Beijing time whatever the browser's zone; the feed groups each incident's lines under it.
        var opened = Clock(dykeOpened);
        await Expect(page.Locator($".incident[data-incident='{dyke}'] > .muted time")).ToHaveTextAsync(opened);
        var group = page.Locator($"#feed .feed-group[data-incident='{dyke}']");
        await Expect(group.Locator("h3")).ToContainTextAsync("堤坝渗水");
        await Expect(group.Locator("li[data-kind=incident-created]")).ToHaveTextAsync($"{opened} {Say(english, "事件创建：洪涝", "Incident opened: Flood")}");
        await Expect(page.Locator($"#feed .feed-group[data-incident='{drill}'] h3 .badge.drill")).ToBeVisibleAsync();
        await Expect(page.Locator($"#feed .feed-group[data-incident='{slide}'] li").Filter(new() { HasTextString = Say(english, "事件已解除", "Incident stood down") }))
            .ToHaveCountAsync(1);
        foreach (var code in new[] { "recruitment-started", "stood-down", "StoodDown", "incident-created", "medical" })
            await Expect(page.Locator("#feed")).Not.ToContainTextAsync(code);

        await BrowserFixture.ScreenshotAsync(page, $"console-finding-{(phone ? "phone" : "laptop")}-{(english ? "en" : "zh")}");
        await dashboard.AssertStayedUpAsync();
    }

    private async Task<string> DistrictAsync(string key, string name)
    {
        var id = $"{_callout.Prefix}-{key}";
        using var response = await browser.Http.PostAsJsonAsync("/api/organisations", new { id, name, level = "District", parentId = _callout.City });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task<string> OpenAsync(string key, string organisation, string type, int severity, bool exercise, int teams, string description)
    {
        var id = $"{_callout.Prefix}-{key}";
        using var response = await browser.Http.PostAsJsonAsync("/api/incidents", new
        {
            id, incidentType = type, organisationId = organisation, severity, exercise, description,
            place = new { latitude = _callout.Latitude, longitude = Callout.Longitude },
            // A capability no team here holds: the list's states stay as the test sets them, and no offer reaches the team.
            requirements = new[] { new { key = "medics", capability = "medical", teams, minimumMembers = 1 } },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>The volunteer accepts from their phone, as the volunteer app would send it.</summary>
    private async Task AnswerAsync(string incident, int etaMinutes)
    {
        using var phone = new HttpClient { BaseAddress = browser.BaseAddress };
        phone.DefaultRequestHeaders.Authorization = new("Bearer", browser.App.Token(new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create(_callout.Volunteer))));
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var offers = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/teams/{_callout.Team}/offers"))!.AsArray();
            if (offers.FirstOrDefault(o => (string?)o!["offer"]!["incident"] == incident) is { } offer)
            {
                using var answered = await phone.PostAsJsonAsync($"/api/teams/{_callout.Team}/offers/{offer["offer"]!["offer"]}/answers",
                    new { volunteerId = _callout.Volunteer, answer = "Accept", etaMinutes });
                Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"The offer of {incident} never reached the team.");
    }
}
