using Mobilize.Cluster.Tests.Infrastructure;
using Mobilize.TestKit.Cluster;
using Xunit.Abstractions;

namespace Mobilize.Cluster.Tests;

/// <summary>SIGKILL one of two Api nodes while phones and dashboards are connected to both: those that were on it connect
/// to the other node, catch up from the last sequence number they hold, and end up with every offer, in order, with
/// no gap and no number used twice.</summary>
public sealed class ApiNodeCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Capability = "rescue";
    private const int Teams = 6;
    private LocalCluster _cluster = null!;
    private readonly List<FeedFollower> _followers = [];

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(nameof(ApiNodeCrashTests));

    public async Task DisposeAsync()
    {
        foreach (var follower in _followers) await follower.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task phones_and_dashboards_on_a_killed_api_node_reconnect_to_the_other_and_catch_up_with_no_missed_offer()
    {
        using var survivor = LocalCluster.AdministratorClient(_cluster.Api(2));
        var province = new Province(survivor);
        var city = await province.CityAsync();
        var teams = await province.TeamsAroundAsync("t", city, 31.20, 121.40, Teams, members: 2, Capability);

        // Half the phones and one dashboard on each node.
        var token = _cluster.Api(2).AdministratorToken();
        var phones = new Dictionary<Member, FeedFollower>();
        var members = teams.SelectMany(t => t.Members).ToList();
        for (var i = 0; i < members.Count; i++)
            _followers.Add(phones[members[i]] = await FeedFollower.PhoneAsync(_cluster.Apis, i % 2, members[i]));
        var dashboards = new List<FeedFollower>();
        for (var node = 0; node < 2; node++)
        {
            var dashboard = await FeedFollower.DashboardAsync(_cluster.Apis, node, token, city);
            dashboards.Add(dashboard);
            _followers.Add(dashboard);
        }

        // First callout while both nodes live: each of the first three teams gets an offer, heard on both nodes.
        var first = await province.OpenIncidentAsync("flood1", city, 31.20, 121.40, 3, Capability, TimeSpan.FromMinutes(10));
        Assert.True(await dashboards[0].WaitForAsync(e => first.Offers.Values.All(o => e.Any(x => (string?)x["offer"] == o)), TimeSpan.FromSeconds(20)),
            "the dashboard on node 1 never heard the first offers\n" + _cluster.Diagnostics());

        // Node 1 dies; the second callout's offers are made while its pages are still looking for another node.
        _cluster.KillApi(1);
        var second = await province.OpenIncidentAsync("flood2", city, 31.20, 121.40, 3, Capability, TimeSpan.FromMinutes(10));
        var offers = first.Offers.Concat(second.Offers).ToList();

        var within = TimeSpan.FromSeconds(30);
        foreach (var team in teams)
        {
            var expected = offers.Where(o => o.Key == team.Id).Select(o => o.Value).ToHashSet();
            foreach (var member in team.Members)
            {
                var phone = phones[member];
                var heard = await phone.WaitForAsync(_ => phone.Offers("offer-sent").IsSupersetOf(expected), within);
                Assert.True(heard, $"{member.Id}'s phone (reconnects {phone.Reconnects}) holds offers {string.Join(", ", phone.Offers("offer-sent"))}, " +
                                   $"expected {string.Join(", ", expected)}; problems: {string.Join("; ", phone.Problems)}\n{_cluster.Diagnostics()}");
            }
        }
        foreach (var dashboard in dashboards)
        {
            var heard = await dashboard.WaitForAsync(e => offers.All(o => e.Any(x => (string?)x["kind"] == "offer-sent" && (string?)x["offer"] == o.Value)), within);
            Assert.True(heard, $"the dashboard that started on {dashboard.Node.Address} misses offers; problems: {string.Join("; ", dashboard.Problems)}");
        }

        foreach (var follower in _followers)
        {
            Assert.Empty(follower.Gaps());
            Assert.Empty(follower.Problems);
            Assert.Equal(_cluster.Api(2).Address, follower.Node.Address);
        }
        var moved = _followers.Where(f => f.Reconnects > 0).ToList();
        Assert.Equal(members.Count / 2 + 1, moved.Count);
        output.WriteLine($"{moved.Count} followers moved to node 2; {_followers.Sum(f => f.Events.Count)} events held, none missing");
    }
}
