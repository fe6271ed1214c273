using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Operations;

/// <summary>Logs are kept, shipped and read by people who may not see personal data: the real server, logging
/// everything down to Debug (request lines, SignalR, Kestrel, Orleans), is driven through what puts secrets and
/// personal data on the wire, and what it wrote is searched for them.</summary>
public sealed class LogPrivacyTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("mobilize-logs-").FullName;
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _server = ServerProcess.Start(_data, ServerProcess.FreePort(), [],
            new Dictionary<string, string>
            {
                ["Logging__LogLevel__Default"] = "Debug",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
                ["Logging__LogLevel__Orleans"] = "Debug",
            });
        await _server.WaitReadyAsync(TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task no_token_enrolment_code_unmask_reason_phone_or_id_number_reaches_the_log()
    {
        var administrator = File.ReadAllText(Path.Combine(_data, "administrator.token")).Trim();
        var world = new World(_server.CreateClient());
        var city = await world.City();
        var phone = World.NewPhone();
        const string idNumber = "11010519491231002X";
        var volunteer = world.Id("li");
        await (await world.Client.PostJson("/api/volunteers", new
        {
            id = volunteer, realName = "李四", phone, idNumber, skills = Array.Empty<string>(),
            certifications = Array.Empty<object>(),
        })).Expect(HttpStatusCode.Created);
        await world.Team("boats", city, 39.9, 116.4, members: 1, capability: "water-rescue");

        // Free text that may hold anything, here a phone number of its own.
        var reasonPhone = World.NewPhone();
        var reason = $"家属来电核实身份 callback {reasonPhone}";
        await (await world.Client.GetAsync($"/api/volunteers/{volunteer}?unmasked=true&reason={Uri.EscapeDataString(reason)}")).Expect(HttpStatusCode.OK);

        // Refused bodies that quote what they refuse.
        await world.Client.SendRaw(HttpMethod.Post, "/api/volunteers", $$"""{"id":"{{world.Id("bad")}}","realName":"王五","phone":{{phone}},"idNumber":"{{idNumber}}"}""");
        await world.Client.SendRaw(HttpMethod.Post, "/api/volunteers", $$"""{"id":"{{world.Id("bad2")}}","realName":"王五","phone":"{{phone}}x","idNumber":"{{idNumber}}9"}""");

        // A one-time enrolment link, redeemed: its code is in the path, the volunteer token in the answer.
        var enrolment = await (await world.Client.PostJson("/api/enrolments", new { volunteerId = volunteer })).Expect(HttpStatusCode.Created);
        var code = (string)enrolment["code"]!;
        using var anonymous = new HttpClient { BaseAddress = _server.Address };
        var redeemed = await (await anonymous.PostAsync($"/api/enrolments/{code}/redemption", null)).Expect(HttpStatusCode.OK);
        var volunteerToken = (string)redeemed["token"]!;

        // A phone's hub connection: the token travels in the query string.
        await using (var hub = new HubConnectionBuilder()
                         .WithUrl(new Uri(_server.Address, "/hubs/volunteer"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(volunteerToken))
                         .Build())
        {
            await hub.StartAsync();
            await hub.StopAsync();
        }
        using (var longPolling = new HttpClient { BaseAddress = _server.Address })
            await longPolling.PostAsync($"/hubs/volunteer/negotiate?negotiateVersion=1&access_token={volunteerToken}", null);

        // A minted token comes back in an answer, and a revocation carries a reason of its own.
        var minted = await (await world.Client.PostJson("/api/tokens", new { role = "volunteer", volunteerId = volunteer })).Expect(HttpStatusCode.Created);
        var revokeReason = $"手机丢失 {reasonPhone}";
        await (await world.Client.PostJson("/api/tokens/revocations", new { tokenId = (string)minted["tokenId"]!, reason = revokeReason })).Expect(HttpStatusCode.Created);
        using (var bearer = new HttpClient { BaseAddress = _server.Address })
        {
            bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)minted["token"]!);
            await bearer.GetAsync($"/api/volunteers/{volunteer}");
        }

        _server.Terminate();
        Assert.True(await _server.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the server did not stop");
        var log = _server.Output;
        Assert.Contains("Administrator sign-in", log);

        var secrets = new Dictionary<string, string>
        {
            ["the administrator token"] = Signature(administrator),
            ["a volunteer token"] = Signature(volunteerToken),
            ["a minted token"] = Signature((string)minted["token"]!),
            ["the enrolment code"] = code,
            ["the volunteer's phone"] = phone,
            ["the phone in a reason"] = reasonPhone,
            ["the ID number"] = idNumber[..17],
            ["the unmask reason"] = "家属来电核实身份",
            ["the unmask reason, as sent"] = Uri.EscapeDataString("家属来电核实身份"),
            ["the revocation reason"] = "手机丢失",
            ["a real name"] = "李四",
            ["a refused real name"] = "王五",
        };
        foreach (var (what, secret) in secrets)
        {
            var at = log.IndexOf(secret, StringComparison.OrdinalIgnoreCase);
            Assert.True(at < 0, $"The log holds {what}: …{(at < 0 ? "" : log.Substring(Math.Max(0, at - 200), Math.Min(400, log.Length - Math.Max(0, at - 200))))}…");
        }
    }

    // The signature is what makes a token usable; it is also the part no redaction of a prefix would catch.
    private static string Signature(string jwt) => jwt[(jwt.LastIndexOf('.') + 1)..];
}
