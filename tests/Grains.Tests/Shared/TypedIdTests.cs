using System.Collections.Immutable;
using System.Text.Json;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Shared;

public sealed class TypedIdTests
{
    private sealed record Roster(TeamId Team, VolunteerId? Leader, ImmutableDictionary<VolunteerId, int> Hours);

    [Theory]
    [InlineData("team-7")]
    [InlineData("v_001.a")]
    [InlineData("A")]
    public void well_formed_team_id_is_accepted(string text)
    {
        Assert.True(TeamId.TryParse(text, out var id));
        Assert.Equal(text, id.Value);
        Assert.Equal(text, TeamId.Create(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("has space")]
    [InlineData("队伍")]
    [InlineData("slash/inside")]
    public void malformed_team_id_is_rejected(string? text)
    {
        Assert.False(TeamId.TryParse(text, out var id));
        Assert.True(id.IsEmpty);
        Assert.Throws<ArgumentException>(() => TeamId.Create(text ?? ""));
    }

    [Fact]
    public void id_of_64_characters_is_accepted_and_65_is_rejected()
    {
        Assert.True(VolunteerId.TryParse(new string('a', 64), out _));
        Assert.False(VolunteerId.TryParse(new string('a', 65), out _));
    }

    [Fact]
    public void ids_of_different_kinds_with_equal_text_stay_distinct_types_but_equal_within_kind()
    {
        Assert.Equal(TeamId.Create("x1"), TeamId.Create("x1"));
        Assert.NotEqual(TeamId.Create("x1"), TeamId.Create("x2"));
        Assert.IsNotType<VolunteerId>(TeamId.Create("x1"));
    }

    [Fact]
    public void offer_id_is_derived_from_incident_and_sequence()
    {
        var incident = IncidentId.Create(new string('i', 64));
        Assert.Equal(new string('i', 64) + ".o12345", OfferId.For(incident, 12345).Value);
        Assert.Equal(OfferId.For(incident, 3), OfferId.For(incident, 3));
    }

    [Fact]
    public void ids_serialize_as_plain_json_strings_including_dictionary_keys()
    {
        var roster = new Roster(TeamId.Create("t-1"), VolunteerId.Create("v-9"),
            ImmutableDictionary<VolunteerId, int>.Empty.Add(VolunteerId.Create("v-2"), 5));
        var json = JsonSerializer.Serialize(roster);
        Assert.Equal("""{"Team":"t-1","Leader":"v-9","Hours":{"v-2":5}}""", json);
        var back = JsonSerializer.Deserialize<Roster>(json)!;
        Assert.Equal(roster.Team, back.Team);
        Assert.Equal(roster.Leader, back.Leader);
        Assert.Equal(5, back.Hours[VolunteerId.Create("v-2")]);
    }

    [Fact]
    public void invalid_id_in_json_is_refused_on_read()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TeamId>("\"bad id\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TeamId>("42"));
    }
}
