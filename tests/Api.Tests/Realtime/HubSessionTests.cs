using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Realtime;

/// <summary>A hub connection lasts no longer than the token that opened it: the official JavaScript client, on Kestrel
/// on loopback, is cut off when its token expires on the server's clock or is revoked, and its reconnect is refused.</summary>
public sealed class HubSessionTests : IAsyncLifetime
{
    private readonly MobilizeApp _app = new();
    private string _base = "";
    private readonly List<Process> _clients = [];

    public Task InitializeAsync()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _base = address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            if (!client.HasExited) client.Kill();
            client.Dispose();
        }
        await _app.DisposeAndDeleteStoreAsync();
    }

    [Fact]
    public async Task a_dashboards_connection_is_closed_when_its_token_expires_and_the_client_is_refused_on_reconnecting()
    {
        var city = await new World(_app.CreateClient()).City();
        var token = _app.Services.GetRequiredService<TokenIssuer>()
            .Issue(new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(city)), TimeSpan.FromMinutes(10)).Token;
        var dashboard = Connect("command", token, city);
        await dashboard.Expect("connected");

        // Still inside the clock skew HTTP allows: the connection stays and answers.
        _app.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(29));
        await dashboard.Call("answered");

        _app.Clock.Advance(TimeSpan.FromSeconds(2));
        await dashboard.Expect("closed");
        Assert.Equal(401, (int)(await dashboard.Expect("refused"))["status"]!);
    }

    [Fact]
    public async Task a_token_living_longer_than_a_system_timer_can_wait_still_ends_its_connection_on_time()
    {
        // An external issuer's or a configured administrator lifetime may exceed the ~49 days one timer can wait.
        var token = _app.Services.GetRequiredService<TokenIssuer>()
            .Issue(new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create("v-long")), TimeSpan.FromDays(60)).Token;
        var phone = Connect("volunteer", token);
        await phone.Expect("connected");

        _app.Clock.Advance(TimeSpan.FromDays(59));
        await phone.Call("answered");
        _app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(31));
        await phone.Expect("closed");
        Assert.Equal(401, (int)(await phone.Expect("refused"))["status"]!);
    }

    [Fact]
    public async Task revoking_a_volunteer_closes_their_phones_connection_and_its_reconnect_is_refused_while_other_phones_stay()
    {
        var lost = _app.Token(new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create("v-lost")));
        var other = _app.Token(new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create("v-other")));
        var lostPhone = Connect("volunteer", lost);
        var otherPhone = Connect("volunteer", other);
        await lostPhone.Expect("connected");
        await otherPhone.Expect("connected");

        using var administrator = _app.CreateClient();
        await (await administrator.PostJson("/api/tokens/revocations", new { subject = "volunteer:v-lost", reason = "phone lost" })).Expect(HttpStatusCode.Created);

        await lostPhone.Expect("closed");
        Assert.Equal(401, (int)(await lostPhone.Expect("refused"))["status"]!);
        await otherPhone.Call("answered");
    }

    [Fact]
    public async Task revoking_a_volunteer_closes_the_same_persons_team_leader_connection_too()
    {
        var leader = _app.Token(new TokenGrant(Roles.TeamLeader, Volunteer: VolunteerId.Create("v-lead"), Team: TeamId.Create("t-lead")));
        var other = _app.Token(new TokenGrant(Roles.TeamLeader, Volunteer: VolunteerId.Create("v-stays"), Team: TeamId.Create("t-lead")));
        var leaderPhone = Connect("volunteer", leader);
        var otherPhone = Connect("volunteer", other);
        await leaderPhone.Expect("connected");
        await otherPhone.Expect("connected");

        using var administrator = _app.CreateClient();
        await (await administrator.PostJson("/api/tokens/revocations", new { subject = "volunteer:v-lead", reason = "left" })).Expect(HttpStatusCode.Created);

        await leaderPhone.Expect("closed");
        Assert.Equal(401, (int)(await leaderPhone.Expect("refused"))["status"]!);
        await otherPhone.Call("answered");
    }

    private HubClient Connect(string hub, string token, string? organisation = null)
    {
        var info = new ProcessStartInfo("node", [Script(), "--url", _base, "--hub", hub, "--token", token, "--org", organisation ?? ""])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info)!;
        _clients.Add(process);
        return new HubClient(process);
    }

    private sealed class HubClient(Process node)
    {
        /// <summary>The next event the client reports, which must be <paramref name="expected"/>.</summary>
        public async Task<JsonNode> Expect(string expected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await node.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null) Assert.Fail($"node ended before '{expected}': {await node.StandardError.ReadToEndAsync()}");
            var report = JsonNode.Parse(line)!;
            Assert.True((string?)report["event"] == expected, $"expected '{expected}', got {line}");
            return report;
        }

        public async Task Call(string expected)
        {
            await node.StandardInput.WriteLineAsync("call");
            await node.StandardInput.FlushAsync();
            await Expect(expected);
        }
    }

    private static string Script([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "hub-session.mjs");
}
