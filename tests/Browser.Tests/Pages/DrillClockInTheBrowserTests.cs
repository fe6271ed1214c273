using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Mobilize.Api.Access;
using Mobilize.Browser.Tests.Infrastructure;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>A drill server whose clock runs fast shows it on the dashboard in both languages, and its callout form
/// launches exercises only (the server refuses anything else).</summary>
[Collection(BrowserCollection.Name)]
public sealed class DrillClockInTheBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task on_a_drill_server_with_a_fast_clock_the_dashboard_says_so_and_its_form_launches_exercises_only()
    {
        await using var app = new BrowserApp(new DrillClock(60));
        var address = app.Start();
        using (var http = new HttpClient { BaseAddress = address })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", app.Token(TokenGrant.Administrator));
            using var created = await http.PostAsJsonAsync("/api/organisations", new { id = "bj", name = "北京市", level = "City" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = address.ToString(), ViewportSize = new() { Width = 1400, Height = 900 }, Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        var commander = app.Token(new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create("bj")));

        await page.GotoAsync($"/dashboard/#token={commander}");

        await Expect(page.Locator("#drill-clock")).ToHaveTextAsync("演练时钟 ×60：时间加速，仅可发起演练");
        await Expect(page.Locator("#exercise")).ToBeCheckedAsync();
        await Expect(page.Locator("#exercise")).ToBeDisabledAsync();
        await page.Locator("#language").ClickAsync();
        await Expect(page.Locator("#drill-clock")).ToHaveTextAsync("Drill clock ×60: time runs fast, exercises only");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-drill-clock");
    }

    [Fact]
    public async Task on_a_server_on_the_real_clock_the_dashboard_shows_no_drill_clock()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(browser.CommanderLink("bj"));

        // The page asks for the clock before it goes live, so once it is online the answer is in.
        await Expect(page.Locator("#connection[data-state='online']")).ToBeVisibleAsync();
        await Expect(page.Locator("#drill-clock")).ToBeHiddenAsync();
        await Expect(page.Locator("#exercise")).ToBeEnabledAsync();
    }
}
