using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Registry;

public sealed class OrganisationNodeTests
{
    private static readonly OrganisationId Beijing = OrganisationId.Create("bj");
    private static readonly OrganisationId Chaoyang = OrganisationId.Create("bj-chaoyang");

    private static OrganisationNode Node(OrganisationLevel level, OrganisationId? parent, string? districtCode = null) =>
        new(OrganisationId.Create("org-x"), "测试组织", level, parent, districtCode);

    [Fact]
    public void city_without_parent_is_valid()
    {
        Assert.Empty(Node(OrganisationLevel.City, null).Validate(null));
    }

    [Fact]
    public void city_with_a_parent_is_rejected()
    {
        Assert.Equal("parentId", Assert.Single(Node(OrganisationLevel.City, Beijing).Validate(OrganisationLevel.City)).Field);
    }

    [Theory]
    [InlineData(OrganisationLevel.District, OrganisationLevel.City)]
    [InlineData(OrganisationLevel.Street, OrganisationLevel.District)]
    [InlineData(OrganisationLevel.Community, OrganisationLevel.Street)]
    public void parent_exactly_one_level_up_is_valid(OrganisationLevel level, OrganisationLevel parentLevel)
    {
        Assert.Empty(Node(level, Chaoyang, "110105").Validate(parentLevel));
    }

    [Theory]
    [InlineData(OrganisationLevel.Street, OrganisationLevel.City)]
    [InlineData(OrganisationLevel.Community, OrganisationLevel.District)]
    [InlineData(OrganisationLevel.District, OrganisationLevel.District)]
    [InlineData(OrganisationLevel.District, OrganisationLevel.Street)]
    public void parent_skipping_or_reversing_a_level_is_rejected(OrganisationLevel level, OrganisationLevel parentLevel)
    {
        Assert.Equal("parentId", Assert.Single(Node(level, Chaoyang).Validate(parentLevel)).Field);
    }

    [Fact]
    public void district_without_parent_or_with_unknown_parent_is_rejected()
    {
        Assert.Equal("a District needs a parent", Assert.Single(Node(OrganisationLevel.District, null).Validate(null)).Message);
        Assert.Equal("parent organisation not found", Assert.Single(Node(OrganisationLevel.District, Beijing).Validate(null)).Message);
    }

    [Theory]
    [InlineData("11010")]
    [InlineData("11010a")]
    [InlineData("1101050")]
    public void malformed_district_code_is_rejected(string code)
    {
        Assert.Equal("districtCode", Assert.Single(Node(OrganisationLevel.District, Beijing, code).Validate(OrganisationLevel.City)).Field);
    }

    [Fact]
    public void bad_name_and_level_and_district_code_are_reported_together()
    {
        var node = new OrganisationNode(default, "", (OrganisationLevel)9, null, "x");
        Assert.Equal(["id", "name", "level", "districtCode"], node.Validate(null).Select(e => e.Field));
    }
}
