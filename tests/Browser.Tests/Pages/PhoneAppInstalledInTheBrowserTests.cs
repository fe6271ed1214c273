using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Mobilize.Api.Push;
using Mobilize.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Mobilize.Browser.Tests.Pages;

/// <summary>The volunteer app installed as a progressive web app: its manifest and icons, the shell that opens without a
/// network and says so, and the service worker's half of Web Push: a push message delivered to it through the DevTools
/// protocol (as a push service would) shows a notification, and tapping that brings the offer forward in the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneAppInstalledInTheBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly Callout _callout = new(browser.Http);

    public Task InitializeAsync() => _callout.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(true, "zh")]
    [InlineData(false, "en")]
    public async Task the_app_has_a_manifest_to_install_and_opens_offline_saying_it_is_offline(bool phone, string language)
    {
        await using var context = await browser.NewContextAsync(phone);
        var page = await OpenControlledAsync(context, language);

        var manifest = await page.Page.EvaluateAsync<JsonElement>("async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()");
        Assert.Equal("Mobilize 志愿者 · 应急集结", manifest.GetProperty("name").GetString());
        Assert.Equal(("/volunteer/", "standalone", "zh-CN"), (manifest.GetProperty("start_url").GetString(), manifest.GetProperty("display").GetString(),
            manifest.GetProperty("lang").GetString()));
        var sizes = manifest.GetProperty("icons").EnumerateArray().Select(i => i.GetProperty("sizes").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "192x192", "512x512" }, sizes);
        foreach (var icon in manifest.GetProperty("icons").EnumerateArray())
        {
            using var response = await browser.Http.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal((HttpStatusCode.OK, "image/png"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            var size = int.Parse(icon.GetProperty("sizes").GetString()!.Split('x')[0]);
            var png = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(size, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        }

        await context.SetOfflineAsync(true);
        await page.Page.ReloadAsync();
        var zh = language == "zh";
        await Expect(page.Page.Locator("#offline-note")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#offline-note")).ToHaveTextAsync(zh ? "离线：没有网络连接。恢复联网后将自动更新任务。"
            : "Offline: no network. Your tasks update as soon as the network is back.");
        await Expect(page.Page.Locator("header h1")).ToHaveTextAsync(zh ? "志愿者 · 应急集结" : "Volunteer · Callouts");
        await Expect(page.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline");
        await BrowserFixture.ScreenshotAsync(page.Page, $"volunteer-offline-{(phone ? "phone" : "laptop")}-{language}");

        // The network comes back: the same page signs in from storage and comes online without being reloaded.
        await context.SetOfflineAsync(false);
        await Expect(page.Page.Locator("#offline-note")).ToBeHiddenAsync();
        await Expect(page.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        await Expect(page.Page.Locator("#name")).ToHaveTextAsync("李明");
        Assert.True(page.Problems.Count == 0, $"the page said: {string.Join(" | ", page.Problems)}");
    }

    [Theory]
    [InlineData(true, "zh")]
    [InlineData(false, "en")]
    public async Task a_push_delivered_to_the_service_worker_shows_a_notification_and_tapping_it_brings_the_offer_forward(bool phone, string language)
    {
        await using var context = await browser.NewContextAsync(phone);
        await context.GrantPermissionsAsync(["notifications"]);
        var page = await OpenControlledAsync(context, language);
        var zh = language == "zh";
        await _callout.OpenIncidentAsync($"{_callout.Prefix}-flood");
        var card = page.Page.Locator($".offer[data-team='{_callout.Team}']");
        await Expect(card.Locator("[data-answer=Accept]")).ToBeVisibleAsync();
        var offer = (await card.GetAttributeAsync("data-offer"))!;

        // What the server's sender would push for this offer (WebPushSender), delivered as a push service would.
        var expires = browser.App.Clock.GetUtcNow().AddMinutes(30);
        var payload = JsonSerializer.Serialize(new PushPayload("offer-sent", 1, browser.App.Clock.GetUtcNow(), false,
            $"/volunteer/#offer={Uri.EscapeDataString(offer)}", $"{_callout.Prefix}-flood", _callout.Team, offer, "flood", "water-rescue", "东城区", 2,
            expires), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var cdp = await context.NewCDPSessionAsync(page.Page);
        var registration = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, update) =>
        {
            if (update is not { ValueKind: JsonValueKind.Object } value || !value.TryGetProperty("registrations", out var registrations)) return;
            foreach (var r in registrations.EnumerateArray())
                if (r.GetProperty("scopeURL").GetString()!.EndsWith("/volunteer/", StringComparison.Ordinal) && !r.GetProperty("isDeleted").GetBoolean())
                    registration.TrySetResult(r.GetProperty("registrationId").GetString()!);
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var registrationId = await registration.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await cdp.SendAsync("ServiceWorker.deliverPushMessage", new()
        {
            ["origin"] = browser.BaseAddress.GetLeftPart(UriPartial.Authority),
            ["registrationId"] = registrationId,
            ["data"] = payload,
        });

        var notification = await UntilAsync(page.Page, """
            async () => {
              const [n] = await (await navigator.serviceWorker.ready).getNotifications();
              return n ? { title: n.title, body: n.body, tag: n.tag, url: n.data?.url } : null;
            }
            """);
        Assert.Equal(zh ? "新的集结出动任务：洪涝 · 较大（III级）" : "New callout offer: Flood · Moderate (level III)", notification.GetProperty("title").GetString());
        Assert.StartsWith(zh ? "东城区 · 水上救援" : "东城区 · Water rescue", notification.GetProperty("body").GetString());
        var by = TimeZoneInfo.ConvertTime(expires, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("HH:mm");
        Assert.Contains(zh ? $"请在 {by} 前答复" : $"Answer by {by}", notification.GetProperty("body").GetString());
        Assert.Equal($"offer-{offer}", notification.GetProperty("tag").GetString());

        // The tap, as the browser would hand it to the service worker.
        await page.Page.Locator("#language").FocusAsync();
        await EvaluateInServiceWorkerAsync("""
            self.registration.getNotifications().then(([n]) => {
              self.dispatchEvent(new NotificationEvent('notificationclick', { notification: n }));
              return n.tag;
            })
            """);
        await Expect(card).ToHaveClassAsync(new Regex(@"\bhighlight\b"));
        await Expect(card).ToBeFocusedAsync();
        // Tapped, it is done with: the notification closes.
        await UntilAsync(page.Page, "async () => (await (await navigator.serviceWorker.ready).getNotifications()).length === 0 || null");
        await page.AssertStayedUpAsync();
    }

    /// <summary>Runs a script in the volunteer app's service worker, through the browser's DevTools protocol (attached to
    /// the worker's target; its answer comes back as a message from it).</summary>
    private async Task<string> EvaluateInServiceWorkerAsync(string expression)
    {
        var cdp = await browser.Browser.NewBrowserCDPSessionAsync();
        var targets = (await cdp.SendAsync("Target.getTargets"))!.Value.GetProperty("targetInfos").EnumerateArray();
        var worker = targets.First(t => t.GetProperty("type").GetString() == "service_worker"
            && t.GetProperty("url").GetString()!.StartsWith(browser.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            && t.GetProperty("url").GetString()!.EndsWith("/volunteer/sw.js", StringComparison.Ordinal));
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        cdp.Event("Target.receivedMessageFromTarget").OnEvent += (_, message) =>
        {
            if (message is not { ValueKind: JsonValueKind.Object } value || !value.TryGetProperty("message", out var text)) return;
            using var reply = JsonDocument.Parse(text.GetString()!);
            if (reply.RootElement.TryGetProperty("id", out var id) && id.GetInt32() == 1) answer.TrySetResult(reply.RootElement.GetRawText());
        };
        var session = (await cdp.SendAsync("Target.attachToTarget", new() { ["targetId"] = worker.GetProperty("targetId").GetString()!, ["flatten"] = false }))!
            .Value.GetProperty("sessionId").GetString();
        await cdp.SendAsync("Target.sendMessageToTarget", new()
        {
            ["sessionId"] = session!,
            ["message"] = JsonSerializer.Serialize(new { id = 1, method = "Runtime.evaluate", @params = new { expression, awaitPromise = true, returnByValue = true } }),
        });
        var result = await answer.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.DoesNotContain("exceptionDetails", result);
        return result;
    }

    /// <summary>The page, once its service worker is installed and controls it, in the language asked for; the worker
    /// has been told the language (notifications are shown in it while the page is closed).</summary>
    private async Task<WatchedPage> OpenControlledAsync(IBrowserContext context, string language)
    {
        var page = await WatchedPage.OpenAsync(context, browser.VolunteerLink(_callout.Volunteer));
        await Expect(page.Page.Locator("#name")).ToHaveTextAsync("李明");
        await page.Page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        if (language == "en") await page.Page.Locator("#language").ClickAsync();
        await UntilAsync(page.Page, $$"""
            async () => {
              const kept = await (await caches.open('mobilize-volunteer-settings')).match('/volunteer/language');
              return kept && (await kept.text()) === '{{language}}' || null;
            }
            """);
        return page;
    }

    /// <summary>Asks the page until the (async) script answers something other than null; WaitForFunction would take
    /// the script's promise itself for a truthy answer.</summary>
    private static async Task<JsonElement> UntilAsync(IPage page, string script)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var answer = await page.EvaluateAsync<JsonElement?>(script);
            if (answer is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the page never answered: {script}");
            await Task.Delay(100);
        }
    }
}
