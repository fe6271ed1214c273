using Mobilize.Drills.Geography;
using Mobilize.Drills.Jurisdictions;

namespace Mobilize.Drills.Tests.Generation;

public sealed class JurisdictionGeneratorTests
{
    private static readonly DistrictMap Beijing = DistrictMap.Load("beijing");

    [Fact]
    public void Beijing_has_its_sixteen_districts_with_a_population_each()
    {
        Assert.Equal(16, Beijing.Districts.Length);
        Assert.All(Beijing.Districts, d => Assert.True(Populations.Beijing.ContainsKey(d.Name), d.Name));
    }

    [Fact]
    public void Teams_are_shared_out_among_districts_in_proportion_to_their_population()
    {
        var jurisdiction = JurisdictionGenerator.Generate(JurisdictionSpec.Beijing(2_000, 2, seed: 7), Beijing);

        var perDistrict = jurisdiction.Teams.GroupBy(t => t.DistrictId).ToDictionary(g => jurisdiction.Districts.Single(d => d.Id == g.Key).Name, g => g.Count());
        // 2,000 × population / 21,892,000, rounded by largest remainder: 朝阳 315.37 → 315, 丰台 184.45 → 185, 延庆 31.61 → 32.
        Assert.Equal(315, perDistrict["朝阳区"]);
        Assert.Equal(286, perDistrict["海淀区"]);
        Assert.Equal(185, perDistrict["丰台区"]);
        Assert.Equal(65, perDistrict["东城区"]);
        Assert.Equal(32, perDistrict["延庆区"]);
        Assert.Equal(2_000, perDistrict.Values.Sum());
        var total = Populations.Beijing.Values.Sum();
        Assert.All(perDistrict, kv => Assert.InRange(kv.Value, 2_000.0 * Populations.Beijing[kv.Key] / total - 1, 2_000.0 * Populations.Beijing[kv.Key] / total + 1));
    }

    [Fact]
    public void Every_team_base_and_every_volunteer_home_lies_inside_the_team_s_district_polygon()
    {
        var jurisdiction = JurisdictionGenerator.Generate(JurisdictionSpec.Beijing(400, 3, seed: 11), Beijing);

        Assert.Equal(1_200, jurisdiction.VolunteerCount);
        foreach (var team in jurisdiction.Teams)
        {
            var code = jurisdiction.Districts.Single(d => d.Id == team.DistrictId).Code;
            var district = Beijing.Districts.Single(d => d.Code == code);
            Assert.True(district.Contains(team.Latitude, team.Longitude), $"{team.Id} base outside {district.Name}");
            Assert.All(team.Members, v => Assert.True(district.Contains(v.Latitude, v.Longitude), $"{v.Id} home outside {district.Name}"));
            Assert.Equal(code, Beijing.DistrictAt(team.Latitude, team.Longitude)?.Code);
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_jurisdiction_and_another_seed_another()
    {
        var spec = JurisdictionSpec.Beijing(100, 4, seed: 3);
        var first = JurisdictionGenerator.Generate(spec, Beijing);
        var again = JurisdictionGenerator.Generate(spec, Beijing);
        var other = JurisdictionGenerator.Generate(spec with { Seed = 4 }, Beijing);

        var file = Path.Combine(Path.GetTempPath(), $"jurisdiction-{Guid.NewGuid():N}.json");
        try
        {
            await first.SaveAsync(file);
            var loaded = await Jurisdiction.LoadAsync(file);
            Assert.Equal(Describe(first), Describe(loaded));
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(Describe(first), Describe(again));
        Assert.NotEqual(Describe(first), Describe(other));
        Assert.Equal(first.Teams.Select(t => t.DistrictId), other.Teams.Select(t => t.DistrictId));
    }

    [Fact]
    public void Volunteers_of_one_jurisdiction_have_distinct_ids_and_valid_mobile_numbers()
    {
        var jurisdiction = JurisdictionGenerator.Generate(JurisdictionSpec.Beijing(50, 5, seed: 1), Beijing);

        var volunteers = jurisdiction.Volunteers.ToArray();
        Assert.Equal(volunteers.Length, volunteers.Select(v => v.Id).Distinct().Count());
        Assert.Equal(volunteers.Length, volunteers.Select(v => v.Phone).Distinct().Count());
        Assert.All(volunteers, v => Assert.Matches("^1[3-9][0-9]{9}$", v.Phone));
    }

    private static string Describe(Jurisdiction j) =>
        string.Join('|', j.Teams.Select(t => $"{t.Id}:{t.DistrictId}:{t.Latitude}:{t.Longitude}:{string.Join(',', t.Members.Select(m => $"{m.Id}/{m.RealName}/{m.Latitude}/{m.Longitude}"))}"));
}
