using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mobilize.Api.Access;
using Mobilize.Browser.Tests.Infrastructure;
using Mobilize.Grains.Shared;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>A page offers only what the signed-in role may do, and what it offers works in a browser tab.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RolesInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private string ObserverLink => $"/dashboard/#token={browser.App.Token(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(_callout.City)))}";

    [Fact]
    public async Task an_observer_watches_incidents_and_reads_their_explanation_but_is_offered_no_launch_and_no_stand_down()
    {
        var incident = $"{_callout.Prefix}-watched";
        await _callout.OpenIncidentAsync(incident);

        await using var context = await browser.NewContextAsync();
        var observer = await WatchedPage.OpenAsync(context, ObserverLink);
        var card = observer.Page.Locator($".incident[data-incident='{incident}']");
        await Expect(card).ToContainTextAsync("东城水上救援队");
        await Expect(observer.Page.Locator("#create")).ToBeHiddenAsync();
        await Expect(card.Locator("[data-action=stand-down]")).ToHaveCountAsync(0);
        await card.Locator("[data-action=explain]").ClickAsync();
        await Expect(card.Locator(".detail.explain")).ToContainTextAsync("东城水上救援队");
        await observer.AssertStayedUpAsync();

        // A commander of the same jurisdiction is offered both.
        var commander = await WatchedPage.OpenAsync(context, browser.CommanderLink(_callout.City));
        await Expect(commander.Page.Locator($".incident[data-incident='{incident}'] [data-action=stand-down]")).ToBeVisibleAsync();
        await Expect(commander.Page.Locator("#create")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task the_after_action_report_opens_in_a_tab_for_a_commander_and_an_observer_without_the_token_in_any_address()
    {
        var drill = $"{_callout.Prefix}-drill";
        await _callout.OpenExerciseIncidentAsync(drill);

        foreach (var link in new[] { browser.CommanderLink(_callout.City), ObserverLink })
        {
            await using var context = await browser.NewContextAsync();
            var addresses = new List<string>();
            context.Request += (_, request) => addresses.Add(request.Url);
            var dashboard = await WatchedPage.OpenAsync(context, link);
            var report = dashboard.Page.Locator($".incident[data-incident='{drill}'] [data-action=report]");
            await Expect(report).ToHaveTextAsync("复盘报告");

            var tab = await dashboard.Page.RunAndWaitForPopupAsync(() => report.ClickAsync());
            await Expect(tab.Locator("body")).ToContainTextAsync("汛期演练");
            await Expect(tab).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("复盘报告"));
            Assert.StartsWith("blob:", tab.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(addresses, a => a.Contains("report", StringComparison.Ordinal) && a.Contains("token", StringComparison.OrdinalIgnoreCase));
            await dashboard.AssertStayedUpAsync();
        }
    }
}
