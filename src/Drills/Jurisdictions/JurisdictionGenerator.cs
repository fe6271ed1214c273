using System.Collections.Immutable;
using Mobilize.Drills.Geography;

namespace Mobilize.Drills.Jurisdictions;

/// <summary>How big a synthetic jurisdiction is and what its teams can do.</summary>
/// <param name="Prefix">Starts every id, so several drills can share one server without colliding.</param>
/// <param name="Capabilities">Team specialties, dealt round-robin within each district.</param>
public sealed record JurisdictionSpec(
    string City,
    int Teams,
    int MembersPerTeam,
    int Seed,
    string Prefix,
    ImmutableArray<string> Capabilities)
{
    public static readonly ImmutableArray<string> DefaultCapabilities = ["water-rescue", "first-aid", "search-rescue", "logistics"];

    public static JurisdictionSpec Beijing(int teams, int membersPerTeam, int seed, string prefix = "drill") =>
        new("beijing", teams, membersPerTeam, seed, prefix, DefaultCapabilities);
}

/// <summary>Places teams in each district in proportion to its population (largest remainder), each team's base and each
/// member's home uniformly inside the district's polygon. Deterministic for a seed.</summary>
public static class JurisdictionGenerator
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明"];

    public static Jurisdiction Generate(JurisdictionSpec spec, DistrictMap map)
    {
        if (spec.Teams < 1) throw new ArgumentOutOfRangeException(nameof(spec), "At least one team.");
        if (spec.MembersPerTeam < 2) throw new ArgumentOutOfRangeException(nameof(spec), "At least two members per team: a team musters with two.");
        var random = new Random(spec.Seed);
        var teamsPerDistrict = Populations.Apportion(spec.Teams, Populations.Weights(map));
        var cityId = $"{spec.Prefix}-{map.City}";
        var districts = map.Districts.Select(d => new JurisdictionOrganisation($"{cityId}-{d.Code}", d.Name, d.Code)).ToImmutableArray();
        var teams = ImmutableArray.CreateBuilder<SimulatedTeam>(spec.Teams);
        var volunteerNumber = 0;
        for (var d = 0; d < map.Districts.Length; d++)
        {
            var district = map.Districts[d];
            for (var k = 0; k < teamsPerDistrict[d]; k++)
            {
                var number = teams.Count + 1;
                var (lat, lon) = district.RandomPoint(random);
                var members = ImmutableArray.CreateBuilder<SimulatedVolunteer>(spec.MembersPerTeam);
                for (var m = 0; m < spec.MembersPerTeam; m++)
                {
                    var n = ++volunteerNumber;
                    var (homeLat, homeLon) = district.RandomPoint(random);
                    var name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)] + Given[random.Next(Given.Length)];
                    members.Add(new SimulatedVolunteer($"{spec.Prefix}-v{n:D6}", name, $"1{3 + spec.Prefix.Sum(c => c) % 7}{n:D9}", homeLat, homeLon));
                }
                var capability = spec.Capabilities[k % spec.Capabilities.Length];
                teams.Add(new SimulatedTeam($"{spec.Prefix}-t{number:D5}", $"{district.Name}{capability}{k + 1}队", districts[d].Id,
                    capability, lat, lon, members.MoveToImmutable()));
            }
        }
        return new Jurisdiction(map.City, spec.Prefix, spec.Seed, new JurisdictionOrganisation(cityId, CityName(map.City), null),
            districts, teams.ToImmutable());
    }

    private static string CityName(string city) => city switch
    {
        "beijing" => "北京市",
        "tianjin" => "天津市",
        "zhangjiakou" => "张家口市",
        "tianshui" => "天水市",
        _ => city,
    };
}
