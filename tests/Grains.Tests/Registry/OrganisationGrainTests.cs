using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Registry;

public sealed class OrganisationGrainTests
{
    private static readonly OrganisationId Jianwai = OrganisationId.Create("bj-chaoyang-jianwai");
    private static readonly OrganisationId Guomao = OrganisationId.Create("bj-chaoyang-jianwai-guomao");

    [Fact]
    public async Task a_community_knows_its_ladder_up_to_the_city_and_which_jurisdictions_it_is_within()
    {
        await using var world = await World.StartAsync();
        await world.Org(Jianwai, "建外街道", OrganisationLevel.Street, World.Chaoyang);
        await world.Org(Guomao, "国贸社区", OrganisationLevel.Community, Jianwai);
        var community = world.Grains.Organisation(Guomao);

        var ladder = (await community.GetLadder()).ValueOrThrow();
        Assert.Equal([Guomao, Jianwai, World.Chaoyang, World.Beijing], ladder.Nodes.Select(n => n.Id));
        Assert.True(await community.IsWithin(World.Chaoyang));
        Assert.True(await community.IsWithin(Guomao));
        Assert.False(await community.IsWithin(World.Haidian));
        Assert.Equal([Guomao], (await world.Grains.Organisation(Jianwai).Get()).ValueOrThrow().Children.AsEnumerable());
    }

    [Fact]
    public async Task a_node_is_refused_when_its_parent_is_missing_or_not_one_level_up()
    {
        await using var world = await World.StartAsync();

        var skipsALevel = await world.Grains.Organisation(Guomao).Create(new OrganisationNode(Guomao, "国贸社区", OrganisationLevel.Community, World.Chaoyang, null));
        var orphan = await world.Grains.Organisation(Jianwai).Create(new OrganisationNode(Jianwai, "建外街道", OrganisationLevel.Street, OrganisationId.Create("nowhere"), null));

        Assert.Equal(new FieldError("parentId", "the parent of a Community must be a Street"), skipsALevel.Refusal!.Errors.Single());
        Assert.Equal(new FieldError("parentId", "parent organisation not found"), orphan.Refusal!.Errors.Single());
        Assert.Empty((await world.Grains.Organisation(World.Chaoyang).Get()).ValueOrThrow().Children);
    }

    [Fact]
    public async Task creating_an_existing_organisation_again_is_answered_as_before_but_other_details_are_a_conflict()
    {
        await using var world = await World.StartAsync();
        var again = await world.Grains.Organisation(World.Chaoyang).Create(new OrganisationNode(World.Chaoyang, "朝阳", OrganisationLevel.District, World.Beijing, null));

        Assert.Equal("organisation.exists", again.Refusal!.Code);
        (await world.Grains.Organisation(World.Chaoyang).Create(new OrganisationNode(World.Chaoyang, " 朝阳区 ", OrganisationLevel.District, World.Beijing, null))).ValueOrThrow();
    }
}
