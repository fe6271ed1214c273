using Mobilize.Grains.Registry;

namespace Mobilize.Grains.Tests.Registry;

public sealed class MobilePhoneAndMaskingTests
{
    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("+8619912345678", "19912345678")]
    [InlineData("+86 138-1234-5678", "13812345678")]
    [InlineData(" 15012345678 ", "15012345678")]
    public void mainland_mobile_number_is_normalised_without_prefix(string text, string expected)
    {
        Assert.True(MobilePhone.TryNormalize(text, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("12812345678")]
    [InlineData("1381234567")]
    [InlineData("138123456789")]
    [InlineData("23812345678")]
    [InlineData("+85213812345678")]
    [InlineData("1381234567a")]
    [InlineData("")]
    [InlineData(null)]
    public void number_that_is_not_a_mainland_mobile_is_rejected(string? text)
    {
        Assert.False(MobilePhone.TryNormalize(text, out _));
    }

    [Fact]
    public void phone_is_masked_keeping_prefix_and_last_four()
    {
        Assert.Equal("138****5678", Masking.Phone("13812345678"));
    }

    [Fact]
    public void id_number_is_masked_keeping_region_and_last_four()
    {
        Assert.Equal("110105********002X", Masking.IdNumber(IdNumbers.PublishedExample));
    }

    [Fact]
    public void too_short_values_are_masked_entirely()
    {
        Assert.Equal("*****", Masking.Phone("12345"));
        Assert.Equal("****", Masking.IdNumber("1234"));
    }
}
