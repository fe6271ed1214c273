using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Mobilize.Api.Access;
using Mobilize.Grains.Shared;

namespace Mobilize.Browser.Tests.Infrastructure;

/// <summary>One application and one Chromium for the whole run (starting either costs seconds on a shared machine);
/// each test opens its own browser contexts and its own data under a fresh prefix.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public BrowserApp App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(ProjectDirectory(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        BaseAddress = App.Start();
        Http = new HttpClient { BaseAddress = BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new("Bearer", App.Token(TokenGrant.Administrator));
        _playwright = await Playwright.CreateAsync();
        // Debian's Chromium, never a downloaded browser: these machines have no internet.
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        // Machines shared by several builds answer slowly at times; a page that is right arrives at once anyway.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>The volunteer app's sign-in link for one volunteer, as an administrator would send it.</summary>
    public string VolunteerLink(string volunteerId) =>
        $"/volunteer/#token={App.Token(new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create(volunteerId)))}";

    /// <summary>The dashboard's sign-in link for a commander of <paramref name="organisationId"/> and beneath.</summary>
    public string CommanderLink(string organisationId) =>
        $"/dashboard/#token={App.Token(new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(organisationId)))}";

    /// <summary>A fresh context (cookies, storage, network state of its own), the size of a laptop or of a phone.</summary>
    public Task<IBrowserContext> NewContextAsync(bool phone = false) => Browser.NewContextAsync(new()
    {
        BaseURL = BaseAddress.ToString(),
        ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1400, Height = 900 },
        IsMobile = phone,
        HasTouch = phone,
        Locale = "zh-CN",
    });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        Http?.Dispose();
        await App.DisposeAsync();
    }

    // Beside the sources, not the build output, so screenshots survive --artifacts-path and are easy to find.
    private static string ProjectDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
