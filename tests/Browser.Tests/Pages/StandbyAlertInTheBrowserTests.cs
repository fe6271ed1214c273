using System.Net.Http.Json;
using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

[Collection(BrowserCollection.Name)]
public sealed class StandbyAlertInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task volunteer_sees_the_standby_alert_sent_before_the_page_opened_and_the_one_sent_while_it_is_open_in_both_languages()
    {
        await AlertAsync("暴雨蓝色预警：明日可能集结", "Blue");
        await using var context = await browser.NewContextAsync(phone: true);
        var phone = await context.NewPageAsync();
        await phone.GotoAsync(browser.VolunteerLink(_callout.Volunteer));
        await Expect(phone.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await Expect(phone.Locator("#alerts .alert.level-Blue")).ToContainTextAsync("暴雨蓝色预警：明日可能集结");

        await AlertAsync("台风红色预警：今晚 20:00 全员待命", "Red");

        var red = phone.Locator("#alerts .alert.level-Red");
        await Expect(red).ToContainTextAsync("台风红色预警：今晚 20:00 全员待命");
        await Expect(red).ToContainTextAsync("红色预警");
        await Expect(phone.Locator("#alerts .alert")).ToHaveCountAsync(2);
        await Expect(phone).ToHaveTitleAsync("🔔 待命通知！");
        await BrowserFixture.ScreenshotAsync(phone, "volunteer-standby-alert");
        await phone.Locator("#language").ClickAsync();
        await Expect(red).ToContainTextAsync("Red warning");
        await Expect(phone.Locator("#alerts h2")).ToHaveTextAsync("Standby alerts");
    }

    private async Task AlertAsync(string message, string level)
    {
        using var response = await browser.Http.PostAsJsonAsync($"/api/teams/{_callout.Team}/alerts", new { message, level });
        response.EnsureSuccessStatusCode();
    }
}
