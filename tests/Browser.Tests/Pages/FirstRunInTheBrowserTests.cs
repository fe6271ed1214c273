using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mobilize.Api.Access;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>The start-up sign-in link names no organisation: an administrator lands on the deployment's top one.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FirstRunInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task the_administrators_start_up_link_opens_the_top_organisation_instead_of_asking_for_an_id(bool phone)
    {
        // The fixture's server is shared by every test: its top organisation is whichever city was registered first.
        var tree = await browser.Http.GetFromJsonAsync<JsonObject>("/api/organisation-tree");
        var top = tree!["roots"]!.AsArray()[0]!;

        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.BaseAddress.ToString(), Locale = "zh-CN", IsMobile = phone, HasTouch = phone,
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1440, Height = 900 },
        });
        var watched = await WatchedPage.OpenAsync(context, $"/dashboard/#token={browser.App.Token(TokenGrant.Administrator)}");
        var page = watched.Page;
        await Expect(page.Locator("#org-name")).ToHaveTextAsync((string)top["name"]!);
        await Expect(page.Locator("#choose-org")).ToBeHiddenAsync();
        await Expect(page.Locator("#layout")).ToBeVisibleAsync();
        Assert.Contains($"?org={Uri.EscapeDataString((string)top["id"]!)}", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("h1")).ToContainTextAsync("指挥");

        await page.Locator("#language").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#org-name")).ToHaveTextAsync((string)top["name"]!);
        await Expect(page.Locator("#choose-org")).ToBeHiddenAsync();
        // Reloaded, it stays where it landed.
        await page.ReloadAsync();
        await Expect(page.Locator("#org-name")).ToHaveTextAsync((string)top["name"]!);
        Assert.Empty(watched.Problems);
    }
}
