using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Playwright;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>axe-core (tests/Browser.Tests/package.json, installed by tools/ci/browser.sh) run inside every page, signed
/// in and live, at both sizes and in both languages: no serious or critical violation. Then the keyboard: the main
/// actions reached by Tab, operated by Enter, with the focus visible.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every page and the link that signs its user in; a new page is one more line here.</summary>
    public static TheoryData<string> Pages() => ["dashboard", "volunteer", "admin"];

    private string LinkTo(string page) => page switch
    {
        "dashboard" => browser.CommanderLink(_callout.City),
        "volunteer" => browser.VolunteerLink(_callout.Volunteer),
        "admin" => browser.CommanderLink(_callout.City).Replace("/dashboard/", "/admin/", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(page), page, "no sign-in link for this page"),
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task a_page_has_no_serious_or_critical_accessibility_violation_at_either_size_in_either_language(string page)
    {
        // Something on the page to check: an open callout gives the dashboard a card and the phone an offer.
        await _callout.OpenIncidentAsync($"{_callout.Prefix}-a11y-{page}");
        await _callout.OpenExerciseIncidentAsync($"{_callout.Prefix}-a11y-{page}-drill");
        var found = new List<string>();
        foreach (var phone in new[] { false, true })
        {
            await using var context = await NewContextAsync(phone);
            // The administration page keeps no live connection: there is no badge to wait for.
            var watched = await WatchedPage.OpenAsync(context, LinkTo(page), waitOnline: page != "admin");
            await WaitForContentAsync(watched.Page, page);
            foreach (var language in new[] { "zh-CN", "en" })
            {
                if (language == "en") await watched.Page.Locator("#language").ClickAsync();
                await Expect(watched.Page.Locator("html")).ToHaveAttributeAsync("lang", language);
                await foreach (var screen in ScreensAsync(watched.Page, page))
                    found.AddRange((await SeriousViolationsAsync(watched.Page)).Select(v => $"{page}{screen} {(phone ? "390×844" : "1440×900")} {language}: {v}"));
            }
            Assert.Empty(watched.Problems);
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task the_dashboards_main_actions_are_reached_by_tab_and_work_with_enter_with_the_focus_visible()
    {
        var incident = $"{_callout.Prefix}-keys";
        await _callout.OpenIncidentAsync(incident);
        await using var context = await NewContextAsync(phone: false);
        var watched = await WatchedPage.OpenAsync(context, browser.CommanderLink(_callout.City));
        var page = watched.Page;
        await Expect(page.Locator($".incident[data-incident='{incident}']")).ToBeVisibleAsync();

        var reached = await TabThroughAsync(page, 80);
        foreach (var id in new[] { "language", "type", "severity", "lat", "lon", "description", "exercise", "launch" })
            Assert.Contains(id, reached.Keys);
        Assert.All(reached, r => Assert.True(r.Value, $"#{r.Key} takes the focus without showing it"));
        Assert.Contains(reached.Keys, k => k.StartsWith("action:explain", StringComparison.Ordinal));

        // Enter on the language button switches the page; Enter on a card's explain opens its explanation.
        await FocusByTabAsync(page, "language");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await FocusByTabAsync(page, "action:explain");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator($".incident[data-incident='{incident}'] .detail.explain")).ToBeVisibleAsync();
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task the_volunteers_duty_buttons_and_language_are_reached_by_tab_and_work_with_enter()
    {
        await using var context = await NewContextAsync(phone: true);
        var watched = await WatchedPage.OpenAsync(context, browser.VolunteerLink(_callout.Volunteer));
        var page = watched.Page;
        await Expect(page.Locator("#name")).ToHaveTextAsync("李明");

        var reached = await TabThroughAsync(page, 40);
        foreach (var id in new[] { "language", "duty:Available", "duty:OnCall", "duty:Off", "share-location", "manual-location" })
            Assert.Contains(id, reached.Keys);
        Assert.All(reached, r => Assert.True(r.Value, $"#{r.Key} takes the focus without showing it"));

        await FocusByTabAsync(page, "duty:Off");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#duty-status")).ToHaveTextAsync("未值守");
        await FocusByTabAsync(page, "language");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Empty(watched.Problems);
    }

    private Task<IBrowserContext> NewContextAsync(bool phone) => browser.Browser.NewContextAsync(new()
    {
        BaseURL = browser.BaseAddress.ToString(),
        ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1440, Height = 900 },
        IsMobile = phone,
        HasTouch = phone,
        Locale = "zh-CN",
    });

    private async Task WaitForContentAsync(IPage page, string name)
    {
        if (name == "dashboard") await Expect(page.Locator(".incident").First).ToBeVisibleAsync();
        if (name == "volunteer") await Expect(page.Locator("#name")).ToHaveTextAsync("李明");
        if (name == "admin") await Expect(page.Locator("#org-name")).ToContainTextAsync("北京市");
    }

    /// <summary>Each screen of a page that has several (the administration page's), opened in turn; a page of one
    /// screen is checked as it is.</summary>
    private static async IAsyncEnumerable<string> ScreensAsync(IPage page, string name)
    {
        if (name != "admin")
        {
            yield return "";
            yield break;
        }
        foreach (var screen in await page.Locator("nav#screens [data-screen]").EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.dataset.screen)"))
        {
            await page.Locator($"nav#screens [data-screen={screen}]").ClickAsync();
            await Expect(page.Locator("#screen")).ToHaveAttributeAsync("data-screen", screen);
            yield return $"/{screen}";
        }
    }

    /// <summary>What focus lands on, Tab after Tab from the top: the element's id (or <c>action:…</c>, <c>duty:…</c> for
    /// the buttons that carry no id), and whether a focus ring shows (an outline or a box shadow).</summary>
    private static async Task<Dictionary<string, bool>> TabThroughAsync(IPage page, int presses)
    {
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        var reached = new Dictionary<string, bool>();
        for (var i = 0; i < presses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var (key, visible) = await FocusedAsync(page);
            if (key is not null) reached[key] = reached.GetValueOrDefault(key) || visible;
        }
        return reached;
    }

    private static async Task FocusByTabAsync(IPage page, string key)
    {
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        for (var i = 0; i < 120; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if ((await FocusedAsync(page)).Key is { } k && k.StartsWith(key, StringComparison.Ordinal)) return;
        }
        throw new InvalidOperationException($"Tab never reached {key}");
    }

    private static async Task<(string? Key, bool Visible)> FocusedAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => {
              const e = document.activeElement;
              if (!e || e === document.body) return JSON.stringify({ key: null, visible: false });
              const s = getComputedStyle(e);
              const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
              const key = e.id || (e.dataset.action ? `action:${e.dataset.action}` : e.dataset.duty ? `duty:${e.dataset.duty}` : e.tagName.toLowerCase());
              return JSON.stringify({ key, visible: !!ring });
            }
            """);
        using var doc = JsonDocument.Parse(json);
        var key = doc.RootElement.GetProperty("key");
        return (key.ValueKind == JsonValueKind.Null ? null : key.GetString(), doc.RootElement.GetProperty("visible").GetBoolean());
    }

    /// <summary>axe's violations of impact serious or critical, one line each with the first offending elements.</summary>
    private static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, not added as a script tag: the pages' Content-Security-Policy
        // (script-src 'self') rightly refuses inline scripts, and the test must not loosen it.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(await File.ReadAllTextAsync(AxeScript()) + "\n;true");
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`));
            }
            """);
        return JsonSerializer.Deserialize<string[]>(json)!;
    }

    private static string AxeScript([CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(source))!, "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? path : throw new FileNotFoundException("axe-core is not installed: run (cd tests/Browser.Tests && npm ci), as tools/ci/browser.sh does", path);
    }
}
