using Microsoft.Extensions.DependencyInjection;
using Mobilize.Browser.Tests.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Shared;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

[Collection(BrowserCollection.Name)]
public sealed class DashboardInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const int Incidents = 60;
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_dashboard_opened_on_sixty_busy_incidents_lists_them_all_and_its_live_connection_stays_up()
    {
        var ids = await OpenBusyIncidentsAsync();

        await using var context = await browser.NewContextAsync();
        var dashboard = await WatchedPage.OpenAsync(context, browser.CommanderLink(_callout.City));
        await Expect(dashboard.Page.Locator(".incident")).ToHaveCountAsync(Incidents, new() { Timeout = 30_000 });

        // Still live afterwards, on the connection the page opened with: an event on the oldest incident shows at once.
        await PublishAsync(ids[0], "still-live");
        await Expect(dashboard.Page.Locator("#feed")).ToContainTextAsync("still-live");
        await dashboard.AssertStayedUpAsync();
    }

    [Fact]
    public async Task a_dashboard_back_online_catches_up_every_incident_even_one_that_missed_more_than_a_page_of_events()
    {
        var ids = await OpenBusyIncidentsAsync();
        await using var context = await browser.NewContextAsync();
        var dashboard = await WatchedPage.OpenAsync(context, browser.CommanderLink(_callout.City));
        await Expect(dashboard.Page.Locator(".incident")).ToHaveCountAsync(Incidents, new() { Timeout = 30_000 });

        await context.SetOfflineAsync(true);
        await Expect(dashboard.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline");
        for (var i = 0; i < 3 * 64; i++) await PublishAsync(ids[1], $"missed-{i:D3}");
        await PublishAsync(ids[2], "missed-elsewhere");
        await WaitForFeedAsync(ids[1], 200 + 3 * 64);

        await context.SetOfflineAsync(false);
        await Expect(dashboard.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await Expect(dashboard.Page.Locator("#feed")).ToContainTextAsync($"missed-{3 * 64 - 1:D3}", new() { Timeout = 30_000 });
        await Expect(dashboard.Page.Locator("#feed")).ToContainTextAsync("missed-elsewhere");
        await Expect(dashboard.Page.Locator("#feed li", new() { HasTextString = "missed-" })).ToHaveCountAsync(3 * 64 + 1);
        Assert.True(await dashboard.Page.EvaluateAsync<bool>("() => window.firstLoad === true"), "the page was reloaded");
        Assert.DoesNotContain(dashboard.Problems, p => p.Contains("Invocation canceled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_launch_the_server_refuses_shows_each_fields_message_beside_its_input_in_the_pages_language()
    {
        await using var context = await browser.NewContextAsync();
        var dashboard = (await WatchedPage.OpenAsync(context, browser.CommanderLink(_callout.City))).Page;
        await dashboard.Locator("#lat").FillAsync("95");
        await dashboard.Locator("#lon").FillAsync(Callout.Longitude.ToString("R"));
        await dashboard.Locator("#launch").ClickAsync();
        await dashboard.Locator("#confirm-yes").ClickAsync();

        await Expect(dashboard.Locator("#lat + .field-error")).ToHaveTextAsync("必须在 -90 到 90 度之间");
        await Expect(dashboard.Locator("#create-error")).ToHaveTextAsync("请检查标出的内容");
        await dashboard.Locator("#language").ClickAsync();
        await Expect(dashboard.Locator("#lat + .field-error")).ToHaveTextAsync("must be between -90 and 90 degrees");
        await Expect(dashboard.Locator("#create-error")).ToHaveTextAsync("Please check the marked fields");
        await dashboard.Locator("#language").ClickAsync();

        // A description longer than the server keeps: its message sits beside the description, the place's is gone.
        await dashboard.Locator("#lat").FillAsync(_callout.Latitude.ToString("R"));
        await dashboard.Locator("#description").FillAsync(new string('水', 1200));
        await dashboard.Locator("#launch").ClickAsync();
        await dashboard.Locator("#confirm-yes").ClickAsync();
        await Expect(dashboard.Locator("#description + .field-error")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^最多 \\d+ 个字符$"));
        await Expect(dashboard.Locator("#lat + .field-error")).ToHaveCountAsync(0);
        await Expect(dashboard.Locator(".incident")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(dashboard, "dashboard-launch-refused");
    }

    /// <summary>A jurisdiction's incidents opened over REST, each with the history of a busy callout in its feed (200
    /// events: offers, answers, timeline lines), as a dashboard meets them after a morning of floods.</summary>
    private async Task<string[]> OpenBusyIncidentsAsync()
    {
        var ids = Enumerable.Range(0, Incidents).Select(i => $"{_callout.Prefix}-busy-{i:D2}").ToArray();
        await Task.WhenAll(ids.Select(_callout.OpenIncidentAsync));
        foreach (var id in ids)
            for (var e = 0; e < 200; e++) await PublishAsync(id, $"东城水上救援队 mustered {e}, eta 00:12:00 · 居民被困，水深一米");
        foreach (var id in ids) await WaitForFeedAsync(id, 200);
        return ids;
    }

    private Task PublishAsync(string incident, string detail)
    {
        var id = IncidentId.Create(incident);
        browser.App.Services.GetRequiredService<ILiveFeed>().Publish(new LiveEventDraft([FeedStream.Of(id)], browser.App.Clock.GetUtcNow(),
            LiveEventKinds.Timeline, id, TeamId.Create(_callout.Team), Detail: detail));
        return Task.CompletedTask;
    }

    private async Task WaitForFeedAsync(string incident, long atLeast)
    {
        var stream = browser.App.Services.GetRequiredService<IGrainFactory>().FeedStream(FeedStream.Of(IncidentId.Create(incident)));
        for (var attempt = 0; attempt < 300 && await stream.LastSequence() < atLeast; attempt++) await Task.Delay(100);
        Assert.True(await stream.LastSequence() >= atLeast, $"the feed of {incident} never reached {atLeast} events");
    }
}
