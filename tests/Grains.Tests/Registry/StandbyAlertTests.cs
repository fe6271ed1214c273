using Mobilize.TestKit;
using Mobilize.Grains;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Registry;

public sealed class StandbyAlertTests
{
    private static readonly GeoPoint Chaoyang = new(39.92, 116.44);

    [Fact]
    public async Task a_standby_alert_reaches_the_own_stream_of_every_member_of_the_team()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("flood-1", World.Chaoyang, Chaoyang, members: 3);

        var receipt = (await world.Grains.Team(team).Alert(new StandbyAlert("  台风“海葵”今夜登陆，请待命  ", AlertLevel.Orange))).ValueOrThrow();

        Assert.Equal(3, receipt.Recipients);
        Assert.Equal(world.Now, receipt.SentAt);
        foreach (var member in Enumerable.Range(0, 3).Select(i => World.Member(team, i)))
        {
            var alert = Assert.Single((await world.Grains.ReplayWhen(FeedStream.Of(member), r => r.Events.Any(e => e.Kind == LiveEventKinds.Alert))).Events,
                e => e.Kind == LiveEventKinds.Alert);
            Assert.Equal(("台风“海葵”今夜登陆，请待命", "Orange", team), (alert.Detail, alert.Level, alert.Team));
        }
    }

    [Fact]
    public async Task an_alert_without_a_message_is_refused_naming_the_field_and_reaches_nobody()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("flood-2", World.Chaoyang, Chaoyang, members: 2);
        var before = await world.Grains.FeedStream(FeedStream.Of(World.Member(team, 1))).LastSequence();

        var outcome = await world.Grains.Team(team).Alert(new StandbyAlert("   ", AlertLevel.Blue));

        Assert.Equal(["message"], outcome.Refusal!.Errors.Select(e => e.Field));
        Assert.Equal(before, await world.Grains.FeedStream(FeedStream.Of(World.Member(team, 1))).LastSequence());
    }

    [Fact]
    public async Task an_alert_to_a_team_that_does_not_exist_is_not_found()
    {
        await using var world = await World.StartAsync();

        var outcome = await world.Grains.Team(TeamId.Create("nobody")).Alert(new StandbyAlert("请待命", AlertLevel.Blue));

        Assert.Equal("team.not-found", outcome.Refusal!.Code);
    }

    [Theory]
    [InlineData(0, AlertLevel.Blue, "message")]
    [InlineData(StandbyAlert.MaxMessageLength + 1, AlertLevel.Red, "message")]
    [InlineData(10, (AlertLevel)9, "level")]
    public void an_alert_needs_a_message_of_sensible_length_and_a_known_warning_colour(int length, AlertLevel level, string field)
    {
        Assert.Equal([field], new StandbyAlert(new string('雨', length), level).Validate().Select(e => e.Field));
        Assert.Empty(new StandbyAlert(new string('雨', StandbyAlert.MaxMessageLength), AlertLevel.Red).Validate());
    }
}
