using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>A trainer starts an exercise on the dashboard, a drill is injected into it, the trainer ends it (its incident
/// stands down) and reads the after-action report in a tab: summary first, minutes, the team's name.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExerciseConsoleInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(false, "zh")]
    [InlineData(true, "en")]
    public async Task a_trainer_starts_and_ends_an_exercise_from_the_dashboard_and_reads_its_report_in_a_tab(bool phone, string language)
    {
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.BaseAddress.ToString(), Locale = "zh-CN", IsMobile = phone, HasTouch = phone,
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1440, Height = 900 },
        });
        var watched = await WatchedPage.OpenAsync(context, browser.CommanderLink(_callout.City));
        var page = watched.Page;
        if (language == "en") await page.Locator("#language").ClickAsync();
        var en = language == "en";

        // A name the server refuses (too long) is shown beside the input, in the page's language, and starts nothing.
        await page.Locator("#exercise-name").FillAsync(new string('演', 81));
        await page.Locator("#start-exercise-button").ClickAsync();
        await Expect(page.Locator("#start-exercise .field-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#exercise-list li[data-exercise]")).ToHaveCountAsync(0);
        // That refusal was asked for; the browser logs it as a failed request, and nothing else may go wrong.
        Assert.All(watched.Problems, p => Assert.Contains("400", p, StringComparison.Ordinal));
        watched.Problems.Clear();

        var name = $"汛期演练 {_callout.Prefix}";
        await page.Locator("#exercise-name").FillAsync(name);
        await page.Locator("#start-exercise-button").ClickAsync();
        var row = page.Locator("#exercise-list li[data-exercise]", new() { HasTextString = name });
        await Expect(row).ToContainTextAsync(en ? "Running" : "进行中");
        var exercise = await row.GetAttributeAsync("data-exercise");

        // A drill injected into it, as the trainer's scenario would, and accepted by the team's one member.
        var incident = $"{_callout.Prefix}-ex-console";
        using (var created = await browser.Http.PostAsJsonAsync("/api/incidents", new
        {
            id = incident, exerciseId = exercise, incidentType = "flood", severity = 2, organisationId = _callout.City,
            place = new { latitude = _callout.Latitude, longitude = Callout.Longitude },
        }))
            created.EnsureSuccessStatusCode();
        var offer = (await browser.Http.GetFromJsonAsync<JsonObject>($"/api/incidents/{incident}"))!["offers"]![0]!["id"]!.GetValue<string>();
        using (var accepted = await browser.Http.PostAsJsonAsync($"/api/teams/{_callout.Team}/offers/{offer}/answers",
            new { volunteerId = _callout.Volunteer, answer = "Accept", etaMinutes = 12 }))
            accepted.EnsureSuccessStatusCode();
        await Expect(row).ToContainTextAsync(en ? "1 incidents" : "1 起事件");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await row.Locator("[data-exercise-action=end]").ClickAsync();
        await Expect(row).ToContainTextAsync(en ? "Ended" : "已结束");
        await Expect(row.Locator("[data-exercise-action=end]")).ToHaveCountAsync(0);
        // Its incident is stood down with it: it leaves the live list and is found under the stood-down filter.
        await Expect(page.Locator($".incident[data-incident='{incident}']")).ToHaveCountAsync(0);
        await page.Locator("#incident-state").SelectOptionAsync("StoodDown");
        await Expect(page.Locator($".incident[data-incident='{incident}']")).ToHaveAttributeAsync("data-status", "StoodDown");

        var tab = await context.RunAndWaitForPageAsync(() => row.Locator("[data-exercise-action=report]").ClickAsync());
        await Expect(tab.Locator("h1")).ToContainTextAsync(name);
        // The summary comes before any table, and reads in minutes and names.
        await Expect(tab.Locator("h2").First).ToHaveTextAsync("概要 Summary");
        await Expect(tab.Locator(".summary")).ToContainTextAsync("1 / 1");
        await Expect(tab.Locator(".summary")).ToContainTextAsync("分钟 min");
        await Expect(tab.Locator("body")).ToContainTextAsync("东城水上救援队");
        await Expect(tab.Locator("body")).ToContainTextAsync("北京市");
        await Expect(tab.Locator("body")).ToContainTextAsync("UTC+8");
        Assert.DoesNotContain(_callout.Team, await tab.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        if (!phone) await BrowserFixture.ScreenshotAsync(tab, "exercise-report");
        Assert.Empty(watched.Problems);
    }
}
