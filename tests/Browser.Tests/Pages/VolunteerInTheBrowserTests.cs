using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>The volunteer's phone follows every change to what it shows without a reload: offers after an enrolment,
/// a check-in recorded by someone else, the stand-down and the rest period after it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VolunteerInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    private string Incident => $"{_callout.Prefix}-flood";

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_volunteer_who_has_just_enrolled_sees_offers_arrive_without_a_reload()
    {
        using var response = await browser.Http.PostAsJsonAsync("/api/enrolments", new { volunteerId = _callout.Volunteer });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var link = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["link"]!;

        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await WatchedPage.OpenAsync(phoneContext, link);
        await Expect(phone.Page.Locator("#name")).ToHaveTextAsync("李明");
        await Expect(phone.Page.Locator("#offers")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("#offers")).ToContainTextAsync("暂无任务");

        await _callout.OpenIncidentAsync(Incident);
        await Expect(phone.Page.Locator($".offer[data-team='{_callout.Team}'] [data-answer=Accept]")).ToBeVisibleAsync();
        await phone.AssertStayedUpAsync();
    }

    [Fact]
    public async Task the_phone_shows_a_check_in_recorded_elsewhere_and_after_the_stand_down_the_rest_period_without_a_reload()
    {
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await WatchedPage.OpenAsync(phoneContext, browser.VolunteerLink(_callout.Volunteer));
        await _callout.OpenIncidentAsync(Incident);
        var offer = phone.Page.Locator($".offer[data-team='{_callout.Team}']");
        await offer.Locator("[data-answer=Accept]").ClickAsync();
        await Expect(phone.Page.Locator("#task")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("#check-in")).ToBeEnabledAsync();

        // The team leader (here an administrator) checks the volunteer in from another device.
        await PostAsync($"/api/incidents/{Incident}/check-ins", new { volunteerId = _callout.Volunteer, teamId = _callout.Team });
        await Expect(phone.Page.Locator("#check-in")).ToBeDisabledAsync();
        await Expect(phone.Page.Locator("#check-out")).ToBeEnabledAsync();

        await PostAsync($"/api/incidents/{Incident}/stand-down", null);
        await Expect(phone.Page.Locator("#task")).ToBeHiddenAsync();
        await Expect(phone.Page.Locator("#duty-status")).ToHaveTextAsync("休整");
        await Expect(phone.Page.Locator("#tasks-count")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(phone.Page, "volunteer-after-stand-down");
        await phone.AssertStayedUpAsync();
    }

    [Fact]
    public async Task an_offer_that_arrives_while_the_page_is_still_loading_answers_the_first_tap()
    {
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        // A slow network: every question for the team's offers takes three seconds, so the incident opens while the
        // page's first load is still out, and the offer is on the screen while the next load runs. CI once tapped it
        // then and nothing happened.
        await phoneContext.RouteAsync("**/api/volunteers/*/offers", async route =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await route.ContinueAsync();
        });
        var phone = await WatchedPage.OpenAsync(phoneContext, browser.VolunteerLink(_callout.Volunteer));
        await _callout.OpenIncidentAsync(Incident);
        await phone.Page.Locator($".offer[data-team='{_callout.Team}'] [data-answer=Accept]").ClickAsync();
        await Expect(phone.Page.Locator("#task")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task a_refused_answer_or_location_shows_the_servers_message_beside_the_input_in_the_pages_language()
    {
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = (await WatchedPage.OpenAsync(phoneContext, browser.VolunteerLink(_callout.Volunteer))).Page;
        await _callout.OpenIncidentAsync(Incident);
        var offer = phone.Locator($".offer[data-team='{_callout.Team}']");
        await offer.Locator("[data-eta]").FillAsync("2000");
        await offer.Locator("[data-answer=Accept]").ClickAsync();
        await Expect(offer.Locator("[data-eta] + .field-error")).ToContainTextAsync("必须在 0 到");
        await Expect(phone.Locator("#error")).ToHaveTextAsync("请检查标出的内容");
        await Expect(offer.Locator("[data-answer=Accept]")).ToBeVisibleAsync();

        await phone.Locator("#lat").FillAsync("95");
        await phone.Locator("#lon").FillAsync("116.4");
        await phone.Locator("#manual-location").ClickAsync();
        await Expect(phone.Locator("#lat + .field-error")).ToHaveTextAsync("必须在 -90 到 90 度之间");
        await phone.Locator("#language").ClickAsync();
        await Expect(phone.Locator("#lat + .field-error")).ToHaveTextAsync("must be between -90 and 90 degrees");
        await BrowserFixture.ScreenshotAsync(phone, "volunteer-location-refused");
    }

    private async Task PostAsync(string url, object? body)
    {
        using var response = await browser.Http.PostAsync(url, body is null ? null : JsonContent.Create(body));
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
