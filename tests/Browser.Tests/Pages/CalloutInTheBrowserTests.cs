using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

[Collection(BrowserCollection.Name)]
public sealed class CalloutInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task commander_launches_a_callout_and_sees_the_volunteer_accept_and_the_requirement_fill_without_reloading()
    {
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await Open(phoneContext, browser.VolunteerLink(_callout.Volunteer));
        await Expect(phone.Locator("#offers")).ToContainTextAsync("暂无任务");

        await using var commandContext = await browser.NewContextAsync();
        var dashboard = await Open(commandContext, browser.CommanderLink(_callout.City));
        await Expect(dashboard.Locator(".leaflet-overlay-pane path").First).ToBeVisibleAsync();
        await dashboard.Locator("#map").ClickAsync();
        await Expect(dashboard.Locator("#lat")).Not.ToHaveValueAsync("");
        await dashboard.Locator("#lat").FillAsync(_callout.Latitude.ToString("R"));
        await dashboard.Locator("#lon").FillAsync(Callout.Longitude.ToString("R"));
        await dashboard.Locator("#description").FillAsync("内涝，居民被困");
        await dashboard.Locator("#launch").ClickAsync();
        // A real callout is confirmed once more before it pages anyone.
        await dashboard.Locator("#confirm-yes").ClickAsync();

        var card = dashboard.Locator(".incident");
        await Expect(card.Locator(".requirement[data-requirement=water] .count")).ToContainTextAsync("0/1");

        var offer = phone.Locator($".offer[data-team='{_callout.Team}']");
        await Expect(offer.Locator("[data-answer=Accept]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(phone, "volunteer-offer-received");
        await offer.Locator("[data-eta]").FillAsync("12");
        await offer.Locator("[data-answer=Accept]").ClickAsync();

        await Expect(dashboard.Locator("#feed li[data-kind=offer-answered]").Filter(new() { HasText = _callout.Volunteer })).ToHaveCountAsync(1);
        await Expect(card.Locator(".requirement[data-requirement=water] .count")).ToContainTextAsync("1/1");
        await Expect(card).ToHaveAttributeAsync("data-status", "Filled");
        await Expect(offer.Locator(".offer-status")).ToContainTextAsync("已集结出动");
        await Expect(phone.Locator("#task")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(dashboard, "dashboard-requirement-filled");
        await BrowserFixture.ScreenshotAsync(phone, "volunteer-offer-accepted");

        await StillTheFirstLoad(phone);
        await StillTheFirstLoad(dashboard);
    }

    [Fact]
    public async Task volunteer_who_was_offline_sees_the_offer_sent_meanwhile_when_back_online()
    {
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await Open(phoneContext, browser.VolunteerLink(_callout.Volunteer));

        await phoneContext.SetOfflineAsync(true);
        await Expect(phone.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline");
        await _callout.OpenIncidentAsync($"{_callout.Prefix}-flood");
        await OfferReachedTheTeamAsync();
        await Expect(phone.Locator(".offer")).ToHaveCountAsync(0);

        await phoneContext.SetOfflineAsync(false);
        await Expect(phone.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await Expect(phone.Locator($".offer[data-team='{_callout.Team}'] [data-answer=Accept]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(phone, "volunteer-offer-after-reconnect");
        await StillTheFirstLoad(phone);
    }

    [Fact]
    public async Task language_toggle_switches_the_labels_between_chinese_and_english()
    {
        await using var context = await browser.NewContextAsync();
        var dashboard = await Open(context, browser.CommanderLink(_callout.City));
        await Expect(dashboard.Locator("#launch")).ToHaveTextAsync("集结出动");
        await dashboard.Locator("#language").ClickAsync();
        await Expect(dashboard.Locator("#launch")).ToHaveTextAsync("Muster and deploy");
        await Expect(dashboard.Locator("h1 [data-i18n=title]")).ToHaveTextAsync("Emergency command");
        await BrowserFixture.ScreenshotAsync(dashboard, "dashboard-english");

        // The choice is remembered for the volunteer app in the same browser, and toggles back there.
        var phone = await Open(context, browser.VolunteerLink(_callout.Volunteer));
        await Expect(phone.Locator("[data-duty=Available]")).ToHaveTextAsync("Go on duty");
        await phone.Locator("#language").ClickAsync();
        await Expect(phone.Locator("[data-duty=Available]")).ToHaveTextAsync("上岗待命");
        await Expect(phone.Locator("h2[data-i18n=serviceHours]")).ToHaveTextAsync("服务时长");
    }

    [Fact]
    public async Task dashboard_opened_after_a_callout_began_lists_it_with_its_offers()
    {
        var incident = $"{_callout.Prefix}-earlier";
        await _callout.OpenIncidentAsync(incident);

        await using var commandContext = await browser.NewContextAsync();
        var dashboard = await Open(commandContext, browser.CommanderLink(_callout.City));

        var card = dashboard.Locator($".incident[data-incident='{incident}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.Locator(".requirement[data-requirement=water] .count")).ToContainTextAsync("0/1");
        await Expect(card).ToContainTextAsync("东城水上救援队");
    }

    private static async Task<IPage> Open(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        await page.GotoAsync(path);
        try
        {
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException($"{path} never came online; the page said: {string.Join(" | ", problems)}", exception);
        }
        // A mark that a reload would wipe: what the tests see arrived live, not by reloading the page.
        await page.EvaluateAsync("() => window.firstLoad = true");
        return page;
    }

    private static async Task StillTheFirstLoad(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.firstLoad === true"));

    private async Task OfferReachedTheTeamAsync()
    {
        // The incident sends offers one-way after answering; poll the real server, bounded, until the team holds one.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var offers = await browser.Http.GetStringAsync($"/api/teams/{_callout.Team}/offers");
            if (offers.Contains("\"Open\"", StringComparison.Ordinal)) return;
            await Task.Delay(100);
        }
        var explanation = await browser.Http.GetStringAsync($"/api/incidents/{_callout.Prefix}-flood/explanation");
        Assert.Fail($"The offer never reached the team. Explanation: {explanation}");
    }
}
