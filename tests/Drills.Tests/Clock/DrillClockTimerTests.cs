using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Mobilize.Drills.Running;
using Mobilize.Drills.Tests.Infrastructure;

namespace Mobilize.Drills.Tests.Clock;

/// <summary>On a drill clock, offer deadlines run on the drill clock (a 30 s deadline closes after 30/rate wall seconds,
/// not 30) while calls keep the wall clock's timeouts (a grain call does not time out after 30/rate seconds), at the
/// documented rates.</summary>
public sealed class DrillClockTimerTests
{
    [Theory]
    [InlineData(20)]
    [InlineData(1000)]
    public async Task registration_answers_at_once_and_a_thirty_second_offer_times_out_on_the_drill_clock(double rate)
    {
        await using var server = new DrillServer(clockRate: rate);
        using var client = server.Client();
        var http = client.Http;
        // Raw requests, no retries: a 503 from a call timed out on the drill clock must show here.
        await Expect(HttpStatusCode.Created, http.PostAsJsonAsync("/api/organisations", new { id = "bj", name = "北京市", level = "City" }, MobilizeClient.Json));
        await Expect(HttpStatusCode.Created, http.PostAsJsonAsync("/api/volunteers", new
        {
            id = "v1", realName = "张三", phone = "13800000001",
            certifications = new[] { new { capability = "water-rescue", issued = "2024-01-01", expires = "2099-12-31", issuer = "应急管理局" } },
            insurance = new { policyNumber = "PICC-1", validFrom = "2024-01-01", validTo = "2099-12-31" },
        }, MobilizeClient.Json));
        await Expect(HttpStatusCode.OK, http.PutAsJsonAsync("/api/volunteers/v1/duty", new { status = "Available" }, MobilizeClient.Json));
        await Expect(HttpStatusCode.Created, http.PostAsJsonAsync("/api/teams", new
        {
            id = "t1", name = "一号队", organisationId = "bj", leaderId = "v1", baseLocation = new { latitude = 39.93, longitude = 116.42 },
            minimumMembersToMuster = 1,
        }, MobilizeClient.Json));

        var watch = Stopwatch.StartNew();
        await Expect(HttpStatusCode.Created, http.PostAsJsonAsync("/api/incidents", new
        {
            id = "drill-1", incidentType = "flood", organisationId = "bj", severity = 2, exercise = true,
            place = new { latitude = 39.93, longitude = 116.43 }, offerTimeout = "00:00:30",
            requirements = new[] { new { key = "boats", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        }, MobilizeClient.Json));

        // 30 drill seconds are 1.5 wall seconds at ×20 and 30 ms at ×1000; a deadline on the wall clock, or one left to
        // the minute-long reminder, would take 30 s or more.
        string? status = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            var summary = await client.Get("/api/incidents/drill-1");
            status = (string?)summary!["offers"]![0]!["status"];
            if (status == "TimedOut") break;
            await Task.Delay(100);
        }
        Assert.Equal("TimedOut", status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30 / rate + 8), $"the offer closed after {watch.Elapsed.TotalSeconds:0.0} wall seconds");
    }

    /// <summary>Tokens, their revocations and enrolment links are held by people, not by the drill: at ×1000 two wall
    /// seconds are half a drill hour, which would have ended a one-minute token and a five-minute link.</summary>
    [Fact]
    public async Task tokens_and_enrolment_links_last_their_lifetime_in_wall_time_on_a_fast_drill_clock()
    {
        await using var server = new DrillServer(clockRate: 1000);
        using var client = server.Client();
        var http = client.Http;
        await Expect(HttpStatusCode.Created, http.PostAsJsonAsync("/api/volunteers", new { id = "v1", realName = "张三", phone = "13800000001" }, MobilizeClient.Json));
        using var minted = await http.PostAsJsonAsync("/api/tokens", new { role = "volunteer", volunteerId = "v1", lifetimeMinutes = 1 }, MobilizeClient.Json);
        Assert.True(minted.StatusCode == HttpStatusCode.Created, await minted.Content.ReadAsStringAsync());
        var token = (string)System.Text.Json.Nodes.JsonNode.Parse(await minted.Content.ReadAsStringAsync())!["token"]!;
        using var link = await http.PostAsJsonAsync("/api/enrolments", new { volunteerId = "v1", lifetimeMinutes = 5 }, MobilizeClient.Json);
        Assert.True(link.StatusCode == HttpStatusCode.Created, await link.Content.ReadAsStringAsync());
        var code = (string)System.Text.Json.Nodes.JsonNode.Parse(await link.Content.ReadAsStringAsync())!["code"]!;

        await Task.Delay(TimeSpan.FromSeconds(2));

        using var own = new HttpRequestMessage(HttpMethod.Get, "/api/volunteers/v1") { Headers = { Authorization = new("Bearer", token) } };
        using var read = await http.SendAsync(own);
        Assert.True(read.StatusCode == HttpStatusCode.OK, $"a one-minute token after two wall seconds: {(int)read.StatusCode}");
        await Expect(HttpStatusCode.OK, http.PostAsync($"/api/enrolments/{code}/redemption", null));
    }

    private static async Task Expect(HttpStatusCode status, Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
