using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Infrastructure;

/// <summary>A page opened with everything it complains about recorded (console errors and warnings, uncaught errors)
/// and every state its live connection passed through, so a test can tell a connection that stayed up from one that
/// dropped and came back between two looks.</summary>
public sealed class WatchedPage
{
    // Installed before the page's own scripts: the badge's state is recorded from the first change on.
    private const string RecordConnectionStates = """
        window.connectionStates = [];
        document.addEventListener('DOMContentLoaded', () => {
          const badge = document.getElementById('connection');
          if (!badge) return;
          new MutationObserver(() => window.connectionStates.push(badge.dataset.state))
            .observe(badge, { attributes: true, attributeFilter: ['data-state'] });
        });
        """;

    private WatchedPage(IPage page) => Page = page;

    public IPage Page { get; }

    public List<string> Problems { get; } = [];

    public static async Task<WatchedPage> OpenAsync(IBrowserContext context, string path, bool waitOnline = true)
    {
        var page = await context.NewPageAsync();
        var watched = new WatchedPage(page);
        // Chromium asks for /favicon.ico on its own; the pages have none, and that 404 is nobody's problem.
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning" && !message.Location.Contains("favicon", StringComparison.Ordinal)) watched.Problems.Add(message.Text);
        };
        page.PageError += (_, error) => watched.Problems.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) watched.Problems.Add($"{response.Status} {response.Request.Method} {response.Url}"); };
        await page.AddInitScriptAsync(RecordConnectionStates);
        await page.GotoAsync(path);
        if (!waitOnline) return watched;
        try
        {
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException($"{path} never came online; the page said: {string.Join(" | ", watched.Problems)}", exception);
        }
        await page.EvaluateAsync("() => window.firstLoad = true");
        return watched;
    }

    public async Task<string[]> ConnectionStatesAsync() => await Page.EvaluateAsync<string[]>("() => window.connectionStates");

    /// <summary>Not reloaded since it opened, connected once and never dropped, and nothing went wrong in the page.</summary>
    public async Task AssertStayedUpAsync()
    {
        Assert.True(await Page.EvaluateAsync<bool>("() => window.firstLoad === true"), "the page was reloaded");
        var states = await ConnectionStatesAsync();
        Assert.True(states.SkipWhile(s => s != "online").All(s => s == "online"),
            $"the live connection dropped: {string.Join(" → ", states)}; the page said: {string.Join(" | ", Problems)}");
        Assert.True(Problems.Count == 0, $"the page said: {string.Join(" | ", Problems)}");
    }
}
