using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>Launching as a dispatcher does it: the place by district name, the type from the plans that apply there with
/// their requirements, severity in words, a dry run naming who is called first, a real callout confirmed in a dialog by
/// keyboard, and a place outside the jurisdiction refused beside the place in the page's language.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LaunchInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LaunchWorld _world = new(browser);

    public Task InitializeAsync() => _world.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<bool, bool> Screens => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task a_commander_picks_a_district_chooses_a_plan_previews_who_is_called_and_confirms_a_real_callout(bool phone, bool english)
    {
        await using var context = await browser.NewContextAsync(phone);
        var watched = await WatchedPage.OpenAsync(context, _world.CommanderLink(_world.Chaoyang));
        var page = watched.Page;
        if (english) await page.Locator("#language").ClickAsync();

        // Only the jurisdiction's own district is offered; choosing it puts the place at a point inside it.
        await Expect(page.Locator("#district option[value='110105']")).ToHaveTextAsync("朝阳区");
        await Expect(page.Locator("#district option")).ToHaveCountAsync(2);
        await page.Locator("#district").SelectOptionAsync("110105");
        await Expect(page.Locator("#lat")).Not.ToHaveValueAsync("");
        await Expect(page.Locator("#create")).ToHaveAttributeAsync("data-place", "inside");

        // The types are the plans that apply here, the requirements of the chosen one shown before anything is sent.
        await Expect(page.Locator("#type option")).ToHaveTextAsync(english ? ["Earthquake", "Flood"] : ["地震", "洪涝"]);
        await page.Locator("#type").SelectOptionAsync("flood");
        await Expect(page.Locator("#plan li[data-requirement=crew]")).ToContainTextAsync(english
            ? "water rescue: 1 teams, at least 1 members each" : "水上救援：1 支队伍，每队至少 1 人");
        await Expect(page.Locator("#plan")).ToContainTextAsync("30.0 km");
        await Expect(page.Locator("#severity option")).ToHaveTextAsync(english
            ? ["Minor (level IV)", "Moderate (level III)", "Severe (level II)", "Extreme (level I)"]
            : ["一般（Ⅳ级）", "较大（Ⅲ级）", "重大（Ⅱ级）", "特别重大（Ⅰ级）"]);
        await page.Locator("#severity").SelectOptionAsync("3");

        // The dry run names the team the callout would offer first, and offers nothing.
        await page.Locator("#preview").ClickAsync();
        var first = page.Locator($"#preview-result li[data-team='{_world.Team}']");
        await Expect(first).ToContainTextAsync(_world.TeamName);
        await Expect(first).ToContainTextAsync(english ? "about" : "约");
        Assert.Equal(0, await _world.OffersHeldAsync());
        await Expect(page.Locator(".incident")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, $"launch-preview-{(phone ? "phone" : "desk")}-{(english ? "en" : "zh")}");

        // A real callout asks once more; Escape backs out and nothing goes.
        await page.Locator("#launch").ClickAsync();
        var dialog = page.Locator("#confirm-launch");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync(english ? "Severe (level II)" : "重大（Ⅱ级）");
        await Expect(page.Locator("#confirm-yes")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(0, await _world.OffersHeldAsync());

        // By keyboard: the launch button, then Enter on the confirmation the dialog focuses.
        await page.Locator("#launch").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#confirm-yes")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var card = page.Locator(".incident");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator("[data-offer]")).ToContainTextAsync(_world.TeamName);
        Assert.Equal(1, await _world.OffersHeldAsync());
        Assert.True(watched.Problems.Count == 0, string.Join(" | ", watched.Problems));
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task a_place_outside_the_jurisdiction_is_flagged_beside_the_place_before_sending_and_refused_if_sent(bool phone, bool english)
    {
        await using var context = await browser.NewContextAsync(phone);
        var watched = await WatchedPage.OpenAsync(context, _world.CommanderLink(_world.Chaoyang));
        var page = watched.Page;
        if (english) await page.Locator("#language").ClickAsync();
        await Expect(page.Locator("#type option")).ToHaveCountAsync(2);

        await page.Locator("#lat").FillAsync(LaunchWorld.HaidianLatitude.ToString("R"));
        await page.Locator("#lon").FillAsync(LaunchWorld.HaidianLongitude.ToString("R"));
        await page.Locator("#lon").PressAsync("Tab");

        var message = english ? "lies outside the area of 朝阳区 (110105), the jurisdiction of 朝阳区" : "不在朝阳区（110105）范围内，超出朝阳区的辖区";
        await Expect(page.Locator("#lat + .field-error")).ToHaveTextAsync(message);
        await Expect(page.Locator("#create-error")).ToHaveTextAsync(english ? "The place lies outside this jurisdiction" : "地点不在本辖区内");
        await Expect(page.Locator("#create")).ToHaveAttributeAsync("data-place", "outside");

        // Sent anyway (an exercise, so without the dialog), the server refuses it with the same words.
        await page.Locator("#exercise").CheckAsync();
        await page.Locator("#launch").ClickAsync();
        await Expect(page.Locator("#lat + .field-error")).ToHaveTextAsync(message);
        await Expect(page.Locator(".incident")).ToHaveCountAsync(0);
        await page.Locator("#language").ClickAsync();
        await Expect(page.Locator("#lat + .field-error")).ToHaveTextAsync(english ? "不在朝阳区（110105）范围内，超出朝阳区的辖区"
            : "lies outside the area of 朝阳区 (110105), the jurisdiction of 朝阳区");
        await BrowserFixture.ScreenshotAsync(page, $"launch-outside-{(phone ? "phone" : "desk")}-{(english ? "en" : "zh")}");
        // The refusals are the server's 422s, which the page asked for and showed: nothing else went wrong.
        Assert.All(watched.Problems, p => Assert.Contains("422", p));
    }
}
