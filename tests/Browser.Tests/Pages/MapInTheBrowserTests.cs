using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>The map as a dispatcher reads it: framed to their own jurisdiction, a legend that also switches the layers,
/// teams and on-duty volunteers drawn as precisely as the server lets this caller see them, incidents by state, and
/// district labels that never lie on top of each other.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MapInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly LaunchWorld _world = new(browser);

    public async Task InitializeAsync()
    {
        await _world.SetUpAsync();
        await _world.ReportLocationAsync(LaunchWorld.Latitude + 0.003, LaunchWorld.Longitude - 0.002);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<bool, bool> Screens => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    // Every pair of shown labels, checked for overlap in the page itself.
    private const string OverlappingLabels = """
        () => {
          const boxes = [...document.querySelectorAll('.district-label:not(.label-hidden)')].map(e => e.getBoundingClientRect()).filter(b => b.width > 0);
          let clashes = 0;
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top) clashes++;
          }
          return clashes;
        }
        """;

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task a_district_commander_sees_their_district_framed_its_team_and_the_precise_volunteer_and_toggles_layers(bool phone, bool english)
    {
        await _world.Send(HttpMethod.Post, "/api/incidents", new
        {
            id = $"{_world.Prefix}-flood", incidentType = "flood", place = new { latitude = LaunchWorld.Latitude, longitude = LaunchWorld.Longitude },
            organisationId = _world.Chaoyang, severity = 2, exercise = true,
        });
        await using var context = await browser.NewContextAsync(phone);
        var watched = await WatchedPage.OpenAsync(context, _world.CommanderLink(_world.Chaoyang));
        var page = watched.Page;
        if (english) await page.Locator("#language").ClickAsync();

        var map = page.Locator("#map");
        await Expect(map).ToHaveAttributeAsync("data-framed", "110105");
        await Expect(map).ToHaveAttributeAsync("data-teams", "1");
        await Expect(map).ToHaveAttributeAsync("data-volunteers", "1");
        await Expect(map).ToHaveAttributeAsync("data-coarse", "0");
        await Expect(page.Locator(".team-marker")).ToHaveCountAsync(1);
        await Expect(page.Locator(".volunteer-marker.precise")).ToHaveCountAsync(1);
        await Expect(page.Locator($"path[data-incident='{_world.Prefix}-flood']")).ToHaveAttributeAsync("data-status", "Recruiting");
        // Framed to 朝阳区: its own label is shown, and no two shown labels collide.
        await Expect(page.Locator(".district-label.own:not(.label-hidden)")).ToHaveTextAsync("朝阳区");
        Assert.Equal(0, await page.EvaluateAsync<int>(OverlappingLabels));

        var legend = page.Locator(".map-legend");
        await Expect(legend).ToContainTextAsync(english ? "Volunteers on duty" : "值守志愿者");
        await Expect(legend).ToContainTextAsync(english ? "Approximate (about 1 km)" : "大致位置（约 1 公里）");
        await Expect(legend).ToContainTextAsync(english ? "Unfillable" : "无法满足");
        await BrowserFixture.ScreenshotAsync(page, $"map-{(phone ? "phone" : "desk")}-{(english ? "en" : "zh")}");

        // The legend's boxes switch layers, by keyboard too.
        await legend.Locator("input[data-layer=teams]").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator(".team-marker")).ToHaveCountAsync(0);
        await legend.Locator("input[data-layer=teams]").CheckAsync();
        await Expect(page.Locator(".team-marker")).ToHaveCountAsync(1);
        await legend.Locator("input[data-layer=incidents]").UncheckAsync();
        await Expect(page.Locator($"path[data-incident='{_world.Prefix}-flood']")).ToHaveCountAsync(0);
        await watched.AssertStayedUpAsync();
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task a_city_observer_sees_the_whole_city_framed_volunteers_only_approximately_and_no_colliding_labels(bool phone, bool english)
    {
        await using var context = await browser.NewContextAsync(phone);
        var watched = await WatchedPage.OpenAsync(context, _world.ObserverLink(_world.City));
        var page = watched.Page;
        if (english) await page.Locator("#language").ClickAsync();

        var map = page.Locator("#map");
        await Expect(map).ToHaveAttributeAsync("data-volunteers", "1");
        // An observer is no commander of the volunteer's team: the server gave the 1 km grid, and the map drew just that.
        await Expect(map).ToHaveAttributeAsync("data-coarse", "1");
        await Expect(page.Locator(".volunteer-marker.coarse")).ToHaveCountAsync(1);
        await Expect(page.Locator(".volunteer-marker.precise")).ToHaveCountAsync(0);
        var framed = (await map.GetAttributeAsync("data-framed"))!.Split(' ');
        Assert.Equal(16, framed.Length);
        Assert.Equal(0, await page.EvaluateAsync<int>(OverlappingLabels));
        // Sixteen districts at the size of a phone do not all fit: some labels give way rather than overlap.
        if (phone) Assert.True(await page.Locator(".district-label.label-hidden").CountAsync() > 0);
        await page.Locator(".leaflet-control-zoom-in").ClickAsync();
        await page.Locator(".leaflet-control-zoom-in").ClickAsync();
        await page.WaitForTimeoutAsync(600);
        Assert.Equal(0, await page.EvaluateAsync<int>(OverlappingLabels));
        await watched.AssertStayedUpAsync();
    }
}
