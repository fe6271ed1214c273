using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>The volunteer's phone app as a volunteer uses it: an offer card to decide from in seconds, the task followed
/// live to the rest period after the stand-down, the service record, the installed app opening offline, and a push
/// shown as a notification that opens the offer when tapped. Each at a phone's and a laptop's size, in both languages.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PhoneAppInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly Callout _callout = new(browser.Http);

    private string Incident => $"{_callout.Prefix}-flood";

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(true, "zh")]
    [InlineData(false, "en")]
    public async Task the_offer_card_says_what_where_how_far_how_bad_and_the_note_counts_down_and_accepts_with_the_suggested_eta_in_one_tap(bool phone, string language)
    {
        await using var context = await browser.NewContextAsync(phone);
        var page = await OpenAsync(context, language);
        await OpenIncidentAsync("东单路口积水一米，有车辆被困，请带救生衣");

        var card = page.Page.Locator($".offer[data-team='{_callout.Team}']");
        await Expect(card.Locator("[data-answer=Accept]")).ToBeVisibleAsync();
        var served = (await CardsAsync())[0]!;
        var offer = served["offer"]!["offer"]!;
        var zh = language == "zh";
        await Expect(card.Locator("h3")).ToContainTextAsync(zh ? "洪涝" : "Flood");
        await Expect(card.Locator("h3 .severity")).ToHaveTextAsync(zh ? "较大（III级）" : "Moderate (level III)");
        await Expect(card.Locator("[data-capability]")).ToContainTextAsync(zh ? "水上救援 · 东城水上救援队" : "Water rescue · 东城水上救援队");
        await Expect(card.Locator("[data-note]")).ToHaveTextAsync("东单路口积水一米，有车辆被困，请带救生衣");
        var place = (string?)offer["placeName"] ?? (zh ? "辖区外地点" : "Outside the mapped districts");
        var km = ((double)served["distanceMeters"]! / 1000).ToString("0.0", CultureInfo.InvariantCulture);
        await Expect(card.Locator("[data-place]")).ToHaveTextAsync(zh ? $"{place} · 距队伍驻地 {km} 公里" : $"{place} · {km} km from the team base");
        var latitude = ((double)offer["place"]!["latitude"]!).ToString("0.00000", CultureInfo.InvariantCulture);
        var longitude = ((double)offer["place"]!["longitude"]!).ToString("0.00000", CultureInfo.InvariantCulture);
        await Expect(card.Locator("[data-navigate]")).ToHaveAttributeAsync("href", new Regex($"^geo:{Regex.Escape(latitude)},{Regex.Escape(longitude)}\\?q="));
        await Expect(card.Locator("[data-map]")).ToHaveAttributeAsync("href", new Regex($"^https://uri\\.amap\\.com/marker\\?position={Regex.Escape(longitude)},{Regex.Escape(latitude)}"));

        // The deadline counts down by the second, by the server's clock.
        var countdown = card.Locator(".countdown");
        await Expect(countdown).ToHaveTextAsync(zh ? new Regex(@"^剩余 (29|30):\d\d$") : new Regex(@"^(29|30):\d\d left$"));
        var before = await countdown.TextContentAsync();
        await Expect(countdown).Not.ToHaveTextAsync(before!);

        // One tap: the arrival time the server suggested goes with the answer.
        var suggested = (int)served["suggestedEtaMinutes"]!;
        await Expect(card.Locator("[data-eta]")).ToHaveValueAsync(suggested.ToString(CultureInfo.InvariantCulture));
        await card.Locator("[data-answer=Accept]").ClickAsync();
        await Expect(page.Page.Locator("#task")).ToBeVisibleAsync();
        var answer = (await CardsAsync())[0]!["offer"]!["answers"]![0]!;
        Assert.Equal((_callout.Volunteer, "Accept", (double)suggested), ((string?)answer["volunteer"], (string?)answer["answer"], (double)answer["etaMinutes"]!));
        await BrowserFixture.ScreenshotAsync(page.Page, $"volunteer-offer-card-{(phone ? "phone" : "laptop")}-{language}");
        await page.AssertStayedUpAsync();
    }

    [Theory]
    [InlineData(true, "zh")]
    [InlineData(false, "en")]
    public async Task the_task_screen_follows_muster_en_route_check_in_and_the_stand_down_to_the_rest_period_without_a_reload(bool phone, string language)
    {
        await using var context = await browser.NewContextAsync(phone);
        var page = await OpenAsync(context, language);
        var zh = language == "zh";
        await OpenIncidentAsync(null);
        var card = page.Page.Locator($".offer[data-team='{_callout.Team}']");
        await card.Locator("[data-eta]").FillAsync("12");
        await card.Locator("[data-answer=Accept]").ClickAsync();

        var steps = page.Page.Locator("#task-steps");
        await Expect(page.Page.Locator("#task-text")).ToContainTextAsync(zh ? "洪涝" : "Flood");
        await Expect(steps.Locator("[data-step=mustered]")).ToHaveClassAsync(new Regex(@"\bdone\b"));
        await Expect(steps.Locator("[data-step=en-route]")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(steps.Locator("[data-step=en-route]")).ToHaveTextAsync(zh ? "在途 · 预计 12 分钟到达" : "En route · arriving in about 12 min");

        // The leader checks the volunteer in from another device: the phone shows when, in Beijing time.
        await PostAsync($"/api/incidents/{Incident}/check-ins", new { volunteerId = _callout.Volunteer, teamId = _callout.Team });
        var ledger = (await GetAsync($"/api/volunteers/{_callout.Volunteer}/service-record"))["ledger"]!.AsArray();
        var checkedIn = Beijing.Format((DateTimeOffset)ledger.Last(e => (string?)e!["kind"] == "CheckIn")!["at"]!);
        await Expect(steps.Locator("[data-step=checked-in]")).ToHaveTextAsync(zh ? $"已签到 {checkedIn}" : $"Checked in at {checkedIn}");
        await Expect(steps.Locator("[data-step=en-route]")).ToHaveClassAsync(new Regex(@"\bdone\b"));
        await Expect(page.Page.Locator("#check-in")).ToBeDisabledAsync();

        await PostAsync($"/api/incidents/{Incident}/stand-down", null);
        await Expect(page.Page.Locator("#task")).ToBeHiddenAsync();
        await Expect(page.Page.Locator("#rest")).ToBeVisibleAsync();
        var status = await GetAsync($"/api/volunteers/{_callout.Volunteer}/status");
        var until = Beijing.Format((DateTimeOffset)status["restUntil"]!, withDate: true, zh);
        await Expect(page.Page.Locator("#rest-until")).ToHaveTextAsync(zh ? $"休整至 {until}（北京时间）" : $"Resting until {until} (Beijing time)");
        await Expect(page.Page.Locator("#rest-task")).ToContainTextAsync(zh ? "任务已结束：洪涝" : "Task ended: Flood");
        if (status["restReason"] is JsonObject reason)
            await Expect(page.Page.Locator("#rest-reason")).ToContainTextAsync(
                zh ? $"工作 {(int)reason["workedMinutes"]!} 分钟，按预案休整 {(int)reason["restMinutes"]!} 分钟"
                    : $"worked {(int)reason["workedMinutes"]!} min");
        else
            await Expect(page.Page.Locator("#rest-reason")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page.Page, $"volunteer-resting-{(phone ? "phone" : "laptop")}-{language}");
        await page.AssertStayedUpAsync();
    }

    [Theory]
    [InlineData(true, "zh")]
    [InlineData(false, "en")]
    public async Task history_lists_each_task_with_team_dates_and_hours_and_the_certifications_with_expiry_marked(bool phone, string language)
    {
        var today = DateOnly.FromDateTime(browser.App.Clock.GetUtcNow().UtcDateTime);
        await PutAsync($"/api/volunteers/{_callout.Volunteer}/certifications", new
        {
            certifications = new object[]
            {
                new { capability = "water-rescue", issued = today.AddYears(-1), expires = today.AddYears(1), issuer = "北京市红十字会" },
                new { capability = "first-aid", issued = today.AddYears(-2), expires = today.AddDays(10), issuer = "北京市急救中心" },
                new { capability = "rope-rescue", issued = today.AddYears(-3), expires = today.AddDays(-1), issuer = "北京市应急管理局" },
            },
        });
        await OpenIncidentAsync(null);
        var offers = await WaitForCardsAsync();
        await PostAsync($"/api/teams/{_callout.Team}/offers/{(string)offers[0]!["offer"]!["offer"]!["offer"]!}/answers",
            new { volunteerId = _callout.Volunteer, answer = "Accept", etaMinutes = 10 });
        await PostAsync($"/api/incidents/{Incident}/check-ins", new { volunteerId = _callout.Volunteer, teamId = _callout.Team });
        browser.App.Clock.Advance(TimeSpan.FromMinutes(90));
        await PostAsync($"/api/incidents/{Incident}/check-outs", new { volunteerId = _callout.Volunteer, teamId = _callout.Team });

        await using var context = await browser.NewContextAsync(phone);
        var page = await OpenAsync(context, language);
        var zh = language == "zh";
        var task = page.Page.Locator($"#history-list li[data-incident='{Incident}']");
        await Expect(task).ToContainTextAsync(zh ? "洪涝" : "Flood");
        await Expect(task).ToContainTextAsync("东城水上救援队");
        await Expect(task.Locator("[data-hours]")).ToHaveTextAsync(zh ? "1.50 小时" : "1.50 h");
        var session = (await GetAsync($"/api/volunteers/{_callout.Volunteer}/service-record"))["sessions"]![0]!;
        var from = Beijing.Format((DateTimeOffset)session["checkedIn"]!, withDate: true, zh);
        var to = Beijing.Format((DateTimeOffset)session["checkedOut"]!);
        await Expect(task.Locator("[data-when]")).ToHaveTextAsync($"{from} – {to}");
        await Expect(page.Page.Locator("#hours-total")).ToHaveTextAsync("1.50");

        var certifications = page.Page.Locator("#certifications");
        await Expect(certifications.Locator("[data-capability=water-rescue]")).ToHaveAttributeAsync("data-state", "valid");
        await Expect(certifications.Locator("[data-capability=first-aid]")).ToHaveAttributeAsync("data-state", "expiring");
        await Expect(certifications.Locator("[data-capability=first-aid] .badge")).ToHaveTextAsync(zh ? "即将到期" : "Expiring soon");
        await Expect(certifications.Locator("[data-capability=rope-rescue] .badge")).ToHaveTextAsync(zh ? "已过期" : "Expired");
        var expiry = today.AddDays(10).ToDateTime(TimeOnly.MinValue);
        await Expect(certifications.Locator("[data-capability=first-aid] [data-expires]")).ToHaveTextAsync(zh
            ? $"有效期至 {expiry.Year}年{expiry.Month}月{expiry.Day}日"
            : $"Valid until {expiry.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}");
        await Expect(certifications.Locator("[data-capability=water-rescue]")).ToContainTextAsync(zh ? "水上救援" : "Water rescue");
        await BrowserFixture.ScreenshotAsync(page.Page, $"volunteer-history-{(phone ? "phone" : "laptop")}-{language}");
        await page.AssertStayedUpAsync();
    }

    private async Task<WatchedPage> OpenAsync(IBrowserContext context, string language)
    {
        var page = await WatchedPage.OpenAsync(context, browser.VolunteerLink(_callout.Volunteer));
        await Expect(page.Page.Locator("#name")).ToHaveTextAsync("李明");
        if (language == "en")
        {
            await page.Page.Locator("#language").ClickAsync();
            await Expect(page.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
        return page;
    }

    private async Task OpenIncidentAsync(string? description)
    {
        var place = new { latitude = _callout.Latitude, longitude = Callout.Longitude };
        await PostAsync("/api/incidents", new { id = Incident, incidentType = "flood", place, organisationId = _callout.City, severity = 2, description });
    }

    private async Task<JsonArray> CardsAsync()
    {
        using var volunteer = new HttpClient { BaseAddress = browser.BaseAddress };
        volunteer.DefaultRequestHeaders.Authorization = new("Bearer", browser.App.Token(new(Mobilize.Api.Access.Roles.Volunteer,
            Volunteer: Mobilize.Grains.Shared.VolunteerId.Create(_callout.Volunteer))));
        return (await volunteer.GetFromJsonAsync<JsonArray>($"/api/volunteers/{_callout.Volunteer}/offers"))!;
    }

    private async Task<JsonArray> WaitForCardsAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var cards = await CardsAsync();
            if (cards.Count > 0 || attempt == 100) return cards;
            await Task.Delay(100);
        }
    }

    private async Task<JsonNode> GetAsync(string url) => (await browser.Http.GetFromJsonAsync<JsonNode>(url))!;

    private async Task PostAsync(string url, object? body)
    {
        using var response = await browser.Http.PostAsync(url, body is null ? null : JsonContent.Create(body));
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task PutAsync(string url, object body)
    {
        using var response = await browser.Http.PutAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

internal static class BeijingTime
{
    /// <summary>As the page writes a time: HH:mm, with the date before it when asked (7/20 in English, 7月20日 in Chinese).</summary>
    public static string Format(this TimeZoneInfo zone, DateTimeOffset at, bool withDate = false, bool chinese = true)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        if (!withDate) return time;
        return chinese ? $"{local.Month}/{local.Day} {time}" : $"{local.Day:00}/{local.Month:00}, {time}";
    }
}
