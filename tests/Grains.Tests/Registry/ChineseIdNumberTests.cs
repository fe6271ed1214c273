using Mobilize.Grains.Registry;

namespace Mobilize.Grains.Tests.Registry;

public sealed class ChineseIdNumberTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    [Fact]
    public void published_example_with_x_check_character_is_accepted()
    {
        Assert.True(ChineseIdNumber.TryParse(IdNumbers.PublishedExample, Today, out var id));
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.Equal("110105", id.RegionCode);
    }

    [Fact]
    public void lower_case_x_is_accepted_and_stored_upper_case()
    {
        Assert.True(ChineseIdNumber.TryParse(IdNumbers.PublishedExample.ToLowerInvariant(), Today, out var id));
        Assert.Equal(IdNumbers.PublishedExample, id.Value);
    }

    [Theory]
    [InlineData("110105", "19900307", "123")]
    [InlineData("440305", "20000229", "001")]
    [InlineData("510104", "19000101", "999")]
    public void id_number_with_computed_check_character_is_accepted(string region, string birth, string sequence)
    {
        var text = IdNumbers.Valid(region, birth, sequence);
        Assert.Null(ChineseIdNumber.Problem(text, Today));
        Assert.Equal(text[17], ChineseIdNumber.CheckCharacter(text.AsSpan(0, 17)));
    }

    [Fact]
    public void id_number_with_wrong_check_character_is_rejected()
    {
        var wrong = IdNumbers.WithWrongCheck(IdNumbers.Valid());
        Assert.Equal("check character does not match", ChineseIdNumber.Problem(wrong, Today));
        Assert.False(ChineseIdNumber.TryParse(wrong, Today, out _));
    }

    [Fact]
    public void every_single_digit_typo_in_the_stem_is_caught()
    {
        var valid = IdNumbers.Valid();
        for (var i = 0; i < 17; i++)
        {
            var typo = valid[..i] + (char)('0' + (valid[i] - '0' + 1) % 10) + valid[(i + 1)..];
            Assert.NotNull(ChineseIdNumber.Problem(typo, Today));
        }
    }

    [Theory]
    [InlineData("19900230", "birth date is not a valid date")]
    [InlineData("18991231", "birth date is before 1900")]
    [InlineData("20250602", "birth date is in the future")]
    public void id_number_with_impossible_birth_date_is_rejected(string birth, string expected)
    {
        Assert.Equal(expected, ChineseIdNumber.Problem(IdNumbers.Valid(birth: birth), Today));
    }

    [Fact]
    public void born_today_is_accepted()
    {
        Assert.Null(ChineseIdNumber.Problem(IdNumbers.Valid(birth: "20250601"), Today));
    }

    [Theory]
    [InlineData("11010519491231002")]
    [InlineData("11010519491231002XX")]
    [InlineData("1101051949123100AX")]
    [InlineData("")]
    public void id_number_of_wrong_shape_is_rejected(string text)
    {
        Assert.NotNull(ChineseIdNumber.Problem(text, Today));
    }

    [Fact]
    public void region_code_starting_with_zero_is_rejected()
    {
        Assert.Equal("region code is not valid", ChineseIdNumber.Problem(IdNumbers.Valid(region: "010105"), Today));
    }

    [Fact]
    public void id_number_prints_masked()
    {
        Assert.True(ChineseIdNumber.TryParse(IdNumbers.PublishedExample, Today, out var id));
        Assert.Equal("110105********002X", id.ToString());
    }
}
