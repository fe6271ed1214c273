using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;
using Mobilize.TestKit.Processes;

namespace Mobilize.Api.Tests.Realtime;

/// <summary>Hub calls spend the caller's request budget one permit per call, on both hubs: a connection is one HTTP
/// request, however many calls it carries. The official JavaScript client on Kestrel, as the pages use it.</summary>
public sealed class HubRateLimitTests : IAsyncLifetime
{
    // One permit a second with a burst of ten: thirty calls in a row outrun the refill on any machine.
    private readonly MobilizeApp _app = new MobilizeApp().With("RateLimit:PermitsPerSecond", "1").With("RateLimit:Burst", "10");
    private string _base = "";

    public Task InitializeAsync()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _base = address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    [Theory]
    [InlineData("command", "JoinOrganisation")]
    [InlineData("command", "CatchUp")]
    [InlineData("volunteer", "LastSequence")]
    [InlineData("volunteer", "CatchUp")]
    public async Task calls_beyond_the_callers_budget_are_refused_as_too_many_requests_and_another_caller_is_still_served(string hub, string method)
    {
        var city = await new World(_app.CreateClient()).City();
        TokenGrant Caller(string subject) => hub == "command"
            ? new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(city), Subject: subject)
            : new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create(subject));
        object[] call = (hub, method) switch
        {
            ("command", "JoinOrganisation") => [method, city],
            ("command", _) => [method, $"organisation/{city}", 0],
            ("volunteer", "CatchUp") => [method, 0],
            _ => [method],
        };

        var busy = await Invoke(hub, _app.Token(Caller("busy")), Enumerable.Repeat(call, 30));
        Assert.True((bool)busy[0]["connected"]!, busy[0].ToJsonString());
        var answers = busy.Skip(1).ToList();
        Assert.Equal(30, answers.Count);
        Assert.True((bool)answers[0]["ok"]!, answers[0].ToJsonString());
        var refused = answers.Where(a => !(bool)a["ok"]!).ToList();
        Assert.True(refused.Count >= 15, $"only {refused.Count} of 30 calls refused");
        Assert.All(refused, r => Assert.Contains("urn:mobilize:problem:too-many-requests", (string?)r["error"]));

        var quiet = await Invoke(hub, _app.Token(Caller("quiet")), [call]);
        Assert.True((bool)quiet[1]["ok"]!, quiet[1].ToJsonString());
    }

    private Task<List<JsonNode>> Invoke(string hub, string token, IEnumerable<object[]> calls) =>
        HubScript.InvokeAsync(_base, hub, token, JsonSerializer.Serialize(calls));
}
