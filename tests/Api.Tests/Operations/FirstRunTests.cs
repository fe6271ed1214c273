using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Operations;

/// <summary>The README's first command, as a newcomer runs it: the real executable with <c>--demo</c> on an empty data
/// folder, the default rate limits and no raised ones, then stopped the way a terminal or an orchestrator stops it.</summary>
public sealed class FirstRunTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("mobilize-first-run-").FullName;
    private ServerProcess? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task the_demo_fills_its_callouts_while_the_newcomers_own_token_keeps_its_budget_and_sigterm_stops_it_within_seconds()
    {
        // Limits a tenth of the defaults: the demo sets up ~1,300 calls in its first minute, which must not depend on
        // how fast this machine lets it make them, nor on whose budget they are counted in.
        _server = ServerProcess.Start(_data, ServerProcess.FreePort(),
            ["--demo", "--RateLimit:PermitsPerSecond", "5", "--RateLimit:Burst", "20"], new Dictionary<string, string>());
        // Generous: beside the whole suite on two shared cores a start has taken over two minutes.
        await _server.WaitReadyAsync(TimeSpan.FromSeconds(240));
        using var newcomer = _server.CreateClient();

        var watch = Stopwatch.StartNew();
        JsonNode? filled = null;
        var refused = new List<HttpStatusCode>();
        while (filled is null && watch.Elapsed < TimeSpan.FromMinutes(4))
        {
            var response = await newcomer.GetAsync("/api/organisations/demo-beijing/incidents?exercises=include");
            if (response.StatusCode == HttpStatusCode.OK)
                filled = (await response.ReadJson()).AsArray().FirstOrDefault(i => (string?)i!["status"] == "Filled");
            else if (response.StatusCode != HttpStatusCode.NotFound)
                refused.Add(response.StatusCode);
            Assert.DoesNotContain("Demo drill stopped", _server.Output);
            await Task.Delay(1000);
        }
        Assert.True(filled is not null, $"No demo callout filled within {watch.Elapsed}:\n{Tail(_server.Output)}");
        Assert.Empty(refused);
        Assert.True((bool)filled!["exercise"]!);

        // Stopping while the phones long-poll, hold hub connections and answer offers, and the drill clock runs.
        var stop = Stopwatch.StartNew();
        _server.Terminate();
        Assert.True(await _server.WaitForExitAsync(TimeSpan.FromSeconds(60)), "still running a minute after SIGTERM");
        stop.Stop();
        Assert.True(stop.Elapsed < StopsWithin, $"SIGTERM took {stop.Elapsed.TotalSeconds:F1} s to stop the server:\n{Tail(_server.Output)}");
        Assert.Equal(0, _server.ExitCode);
    }

    [Fact]
    public async Task without_the_demo_sigterm_stops_the_server_within_seconds_with_exit_code_0()
    {
        _server = ServerProcess.Start(_data, ServerProcess.FreePort(), [], new Dictionary<string, string>());
        await _server.WaitReadyAsync(TimeSpan.FromSeconds(240));
        var world = new World(_server.CreateClient());
        var city = await world.City();
        var team = await world.Team("boats", city, 39.9, 116.4, members: 1, capability: "water-rescue");
        using var phone = new HttpClient { BaseAddress = _server.Address, Timeout = TimeSpan.FromSeconds(90) };
        phone.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await (await world.Client.PostJson("/api/tokens",
            new { role = "volunteer", volunteerId = team.Leader })).Expect(HttpStatusCode.Created))["token"]!);
        // A phone waiting for its next event, as phones on poor networks do all the time.
        var last = (long)(await (await phone.GetAsync($"/api/volunteers/{team.Leader}/feed")).Expect(HttpStatusCode.OK))["lastSequence"]!;
        var waiting = phone.GetAsync($"/api/volunteers/{team.Leader}/feed?after={last}&waitSeconds=60");
        await Task.Delay(1000);
        Assert.False(waiting.IsCompleted, "the long poll did not wait");

        var stop = Stopwatch.StartNew();
        _server.Terminate();
        Assert.True(await _server.WaitForExitAsync(TimeSpan.FromSeconds(60)), "still running a minute after SIGTERM");
        stop.Stop();
        Assert.True(stop.Elapsed < StopsWithin, $"SIGTERM took {stop.Elapsed.TotalSeconds:F1} s to stop the server:\n{Tail(_server.Output)}");
        Assert.Equal(0, _server.ExitCode);
        // The long poll was answered, not cut off.
        Assert.Equal(HttpStatusCode.OK, (await waiting).StatusCode);
    }

    // A few seconds on a quiet machine; the bound leaves room for a loaded one and stays far below the 30 s host
    // timeout that the long polls used to run into (33 s measured before the fix).
    private static readonly TimeSpan StopsWithin = TimeSpan.FromSeconds(15);

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(40));
}
