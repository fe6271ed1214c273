using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>A drill injected by a named exercise is marked 【演练】EXERCISE on every page: the dashboard's incident card,
/// live feed and timeline, and the volunteer's offer card and alert.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExerciseInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Marking = "【演练】EXERCISE";
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_drill_is_marked_as_an_exercise_on_the_dashboard_and_on_the_volunteers_phone()
    {
        await using var phoneContext = await browser.NewContextAsync(phone: true);
        var phone = await OpenAsync(phoneContext, browser.VolunteerLink(_callout.Volunteer));
        await using var commandContext = await browser.NewContextAsync();
        var dashboard = await OpenAsync(commandContext, browser.CommanderLink(_callout.City));

        var drill = $"{_callout.Prefix}-drill";
        await _callout.OpenExerciseIncidentAsync(drill);

        var card = dashboard.Locator($".incident[data-incident='{drill}']");
        await Expect(card.Locator("header .badge.drill")).ToHaveTextAsync(Marking);
        await Expect(dashboard.Locator("#feed li .badge.drill").First).ToHaveTextAsync(Marking);
        await card.Locator("[data-action=timeline]").ClickAsync();
        await Expect(dashboard.Locator($".incident[data-incident='{drill}'] .detail.timeline .badge.drill")).ToHaveTextAsync(Marking);

        var offer = phone.Locator($".offer[data-team='{_callout.Team}']");
        await Expect(offer.Locator(".badge.drill")).ToHaveTextAsync(Marking);
        await Expect(phone).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(Marking));
        await BrowserFixture.ScreenshotAsync(dashboard, "dashboard-exercise-marked");
        await BrowserFixture.ScreenshotAsync(phone, "volunteer-exercise-offer");
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        return page;
    }
}
