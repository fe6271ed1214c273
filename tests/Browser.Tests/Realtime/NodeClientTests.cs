using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Mobilize.Api.Access;
using Mobilize.Browser.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Browser.Tests.Realtime;

/// <summary>The volunteer hub as the official JavaScript client sees it (tools/signalr-client, seed of the load driver).</summary>
[Collection(BrowserCollection.Name)]
public sealed class NodeClientTests(BrowserFixture browser)
{
    [Fact]
    public async Task javascript_client_on_the_volunteer_hub_receives_the_offer_its_team_is_sent()
    {
        var callout = new Callout(browser.Http);
        await callout.SetUpAsync();
        using var client = Process.Start(new ProcessStartInfo("node",
            [Script(), "--url", browser.BaseAddress.ToString().TrimEnd('/'), "--token", browser.App.Token(new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create(callout.Volunteer))), "--offers", "1", "--seconds", "60"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            Assert.Equal("connected", await ReadLineAsync(client));
            await callout.OpenIncidentAsync($"{callout.Prefix}-flood");

            var offer = JsonNode.Parse(await ReadLineAsync(client))!;
            var held = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/teams/{callout.Team}/offers"))!.AsArray();
            Assert.Equal((string?)held.Single()!["offer"]!["offer"], (string?)offer["offer"]);
            Assert.Equal($"{callout.Prefix}-flood", (string?)offer["incident"]);
            Assert.True(client.WaitForExit(30_000), "the client should exit after the one offer it waited for");
            Assert.Equal(0, client.ExitCode);
        }
        finally
        {
            if (!client.HasExited) client.Kill();
        }
    }

    private static async Task<string> ReadLineAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        return line ?? throw new InvalidOperationException($"node exited: {await process.StandardError.ReadToEndAsync()}");
    }

    private static string Script([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "../../../tools/signalr-client/listen.mjs"));
}
