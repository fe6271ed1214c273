using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

[Collection(BrowserCollection.Name)]
public sealed class SignInInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_volunteer_signs_in_with_a_one_time_enrolment_link_which_does_not_work_a_second_time()
    {
        using var response = await browser.Http.PostAsJsonAsync("/api/enrolments", new { volunteerId = _callout.Volunteer });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var link = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["link"]!;

        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync(link);
        await Expect(phone.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await Expect(phone.Locator("#name")).ToHaveTextAsync("李明");
        Assert.DoesNotContain("enrol", phone.Url, StringComparison.Ordinal);
        // Signed in for good: a reload keeps the volunteer's token from storage.
        await phone.ReloadAsync();
        await Expect(phone.Locator("#name")).ToHaveTextAsync("李明");

        await using var otherContext = await browser.NewContextAsync(phone: true);
        var other = await otherContext.NewPageAsync();
        await other.GotoAsync(link);
        await Expect(other.Locator("#signed-out")).ToBeVisibleAsync();
        await Expect(other.Locator("#enrol-error")).Not.ToBeEmptyAsync();
        await Expect(other.Locator("#me")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task a_phone_whose_token_is_revoked_while_it_is_open_is_signed_out_without_a_reload()
    {
        var issued = browser.App.Issue(new Mobilize.Api.Access.TokenGrant(Mobilize.Api.Access.Roles.Volunteer,
            Volunteer: Mobilize.Grains.Shared.VolunteerId.Create(_callout.Volunteer)));
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync($"/volunteer/#token={issued.Token}");
        await Expect(phone.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");

        using var revoked = await browser.Http.PostAsJsonAsync("/api/tokens/revocations", new { tokenId = issued.TokenId, reason = "phone lost on the dyke" });
        Assert.Equal(HttpStatusCode.Created, revoked.StatusCode);

        // The server closes the phone's live connection, refuses its reconnect with 401, and the page ends the session.
        await Expect(phone.Locator("#signed-out")).ToBeVisibleAsync();
        await Expect(phone.Locator("#me")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task pages_opened_without_a_token_show_the_signed_out_state()
    {
        await using var context = await browser.NewContextAsync();
        var dashboard = await context.NewPageAsync();
        await dashboard.GotoAsync("/dashboard/");
        await Expect(dashboard.Locator("#signed-out")).ToBeVisibleAsync();
        await Expect(dashboard.Locator("#layout")).ToBeHiddenAsync();

        var volunteer = await context.NewPageAsync();
        await volunteer.GotoAsync("/volunteer/#token=not-a-real-token");
        await Expect(volunteer.Locator("#signed-out")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(volunteer, "volunteer-signed-out");
    }
}
