using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>What needs the dispatcher now gets a sound, a mark on its incident and a count in the tab's title until the
/// incident is opened: a callout nobody can fill, a wave that widens the search, an offer left unanswered.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AttentionInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LaunchWorld _world = new(browser);

    // The flood plan gives a team the shortest time the rules allow to answer, so the test can let it run out.
    public Task InitializeAsync() => _world.SetUpAsync(floodOfferTimeout: "00:00:30");

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<bool, bool> Screens => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task an_unfillable_callout_and_an_unanswered_offer_sound_mark_their_incident_and_count_in_the_title_until_opened(bool phone, bool english)
    {
        await using var context = await browser.NewContextAsync(phone);
        var watched = await WatchedPage.OpenAsync(context, _world.CommanderLink(_world.Chaoyang));
        var page = watched.Page;
        // The language button is the first thing used, which also lets the page make sounds (browsers wait for a gesture).
        if (english) await page.Locator("#language").ClickAsync();
        else { await page.Locator("#language").ClickAsync(); await page.Locator("#language").ClickAsync(); }
        var title = await page.TitleAsync();

        // Earthquakes need search and rescue, which no team here holds: the search widens at once and runs out.
        await page.Locator("#district").SelectOptionAsync("110105");
        await Expect(page.Locator("#type option")).ToHaveCountAsync(2);
        await page.Locator("#type").SelectOptionAsync("earthquake");
        await page.Locator("#exercise").CheckAsync();
        await page.Locator("#launch").ClickAsync();

        var card = page.Locator(".incident");
        await Expect(card).ToHaveAttributeAsync("data-status", "Unfillable");
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\battention\\b"));
        await Expect(card).ToHaveAttributeAsync("data-attention", new System.Text.RegularExpressions.Regex("unfillable"));
        await Expect(card).ToHaveAttributeAsync("data-attention", new System.Text.RegularExpressions.Regex("escalated"));
        await Expect(card.Locator(".attention-reasons")).ToContainTextAsync(english ? "unfillable" : "无法满足");
        await Expect(page).ToHaveTitleAsync($"(1) {title}");
        await Expect(page.Locator("#attention")).ToHaveTextAsync(english ? "1 need attention" : "1 项待处理");
        // The tones were played through Web Audio (the counter moves when the last one has ended).
        await Expect(page.Locator("#attention")).ToHaveAttributeAsync("data-sounded", new System.Text.RegularExpressions.Regex("^[1-9]"));
        await BrowserFixture.ScreenshotAsync(page, $"attention-{(phone ? "phone" : "desk")}-{(english ? "en" : "zh")}");

        // Opening the incident acknowledges it.
        await card.Locator("header").ClickAsync();
        await Expect(page).ToHaveTitleAsync(title);
        await Expect(page.Locator("#attention")).ToBeHiddenAsync();
        await Expect(card).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\battention\\b"));

        // A flood callout's offer that nobody answers within its 30 seconds.
        var flood = $"{_world.Prefix}-flood-{(phone ? "p" : "d")}{(english ? "e" : "z")}";
        await _world.Send(HttpMethod.Post, "/api/incidents", new
        {
            id = flood, incidentType = "flood", place = new { latitude = LaunchWorld.Latitude, longitude = LaunchWorld.Longitude },
            organisationId = _world.Chaoyang, severity = 2, exercise = true,
        });
        var floodCard = page.Locator($".incident[data-incident='{flood}']");
        await Expect(floodCard.Locator("[data-offer]")).ToHaveCountAsync(1);
        await Expect(floodCard).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\battention\\b"));
        browser.App.Clock.Advance(TimeSpan.FromSeconds(31));
        await Expect(floodCard).ToHaveAttributeAsync("data-attention", new System.Text.RegularExpressions.Regex("timedOut"));
        await Expect(floodCard.Locator(".attention-reasons")).ToContainTextAsync(english ? "offer unanswered past its deadline" : "任务超时未答复");
        await Expect(page).ToHaveTitleAsync($"(1) {title}");
        await floodCard.Locator("header").ClickAsync();
        await Expect(page).ToHaveTitleAsync(title);
        Assert.True(watched.Problems.Count == 0, string.Join(" | ", watched.Problems));
    }
}
