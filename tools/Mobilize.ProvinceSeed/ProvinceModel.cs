using System.Collections.Immutable;
using Mobilize.Drills.Geography;
using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.ProvinceSeed;

/// <summary>The shape of the seeded province, decided up front from one seed: which district each team is in, how many
/// members it has, which volunteers those are and how many of them are on duty. The contents of each volunteer and team
/// are then generated per chunk from the same seed, so any chunk can be generated alone and in parallel.</summary>
/// <remarks>Team members are volunteers 0..<see cref="TeamMembers"/>-1, each team's members contiguous, every volunteer
/// in at most one team; the rest of the volunteers belong to no team and live in districts in proportion to population.
/// On-duty volunteers are whole teams, in a seeded random order of teams, the last one only partly on duty, until
/// exactly <see cref="OnDuty"/>: a team goes on duty together (值守), and only team members can be dispatched.</remarks>
internal sealed class ProvinceModel
{
    public const string CityId = "bj";

    // Pinyin ids for Beijing's GB/T 2260 district codes, so the load driver's "bj-chaoyang" is a seeded district.
    private static readonly ImmutableDictionary<string, string> DistrictIds = new Dictionary<string, string>
    {
        ["110101"] = "dongcheng", ["110102"] = "xicheng", ["110105"] = "chaoyang", ["110106"] = "fengtai",
        ["110107"] = "shijingshan", ["110108"] = "haidian", ["110109"] = "mentougou", ["110111"] = "fangshan",
        ["110112"] = "tongzhou", ["110113"] = "shunyi", ["110114"] = "changping", ["110115"] = "daxing",
        ["110116"] = "huairou", ["110117"] = "pinggu", ["110118"] = "miyun", ["110119"] = "yanqing",
    }.ToImmutableDictionary();

    public ProvinceModel(DistrictMap map, int volunteers, int teams, int onDuty, int seed, DateTimeOffset now)
    {
        Map = map;
        Seed = seed;
        Now = now;
        Volunteers = volunteers;
        Teams = teams;
        var random = new Random(seed);
        var weights = Populations.Weights(map);
        TeamDistrict = Expand(Populations.Apportion(teams, weights), teams);
        MemberCount = new int[teams];
        MemberStart = new int[teams + 1];
        for (var t = 0; t < teams; t++)
        {
            MemberCount[t] = random.Next(10, 21);
            MemberStart[t + 1] = MemberStart[t] + MemberCount[t];
        }
        TeamMembers = MemberStart[teams];
        if (TeamMembers > volunteers) throw new ArgumentException($"{teams:N0} teams need {TeamMembers:N0} members, more than {volunteers:N0} volunteers.");
        if (onDuty > TeamMembers) throw new ArgumentException($"{onDuty:N0} on duty, but only {TeamMembers:N0} volunteers are in teams.");
        OnDutyMembers = new int[teams];
        var left = onDuty;
        foreach (var t in Enumerable.Range(0, teams).OrderBy(_ => random.Next()))
        {
            if (left == 0) break;
            OnDutyMembers[t] = Math.Min(left, MemberCount[t]);
            left -= OnDutyMembers[t];
        }
        OnDuty = onDuty;
        LoneDistrict = Expand(Populations.Apportion(volunteers - TeamMembers, weights), volunteers - TeamMembers);
        DistrictOrganisation = [.. map.Districts.Select(d => OrganisationId.Create($"{CityId}-{DistrictIds.GetValueOrDefault(d.Code, d.Code)}"))];
    }

    public DistrictMap Map { get; }
    public int Seed { get; }
    public DateTimeOffset Now { get; }
    public int Volunteers { get; }
    public int Teams { get; }
    public int TeamMembers { get; }
    public int OnDuty { get; }
    public int[] TeamDistrict { get; }
    public int[] MemberCount { get; }
    public int[] MemberStart { get; }
    public int[] OnDutyMembers { get; }

    /// <summary>Home district of volunteer <see cref="TeamMembers"/>+i, for volunteers in no team.</summary>
    public int[] LoneDistrict { get; }

    public ImmutableArray<OrganisationId> DistrictOrganisation { get; }

    public static string VolunteerKey(int n) => $"v{n:D8}";

    public static string TeamKey(int t) => $"t{t:D6}";

    public IEnumerable<int> OnDutyVolunteers() =>
        Enumerable.Range(0, Teams).SelectMany(t => Enumerable.Range(MemberStart[t], OnDutyMembers[t]));

    public IEnumerable<int> TeamsOf(int district) => Enumerable.Range(0, Teams).Where(t => TeamDistrict[t] == district);

    private static int[] Expand(ImmutableArray<int> parts, int total)
    {
        var owner = new int[total];
        var at = 0;
        for (var d = 0; d < parts.Length; d++)
            for (var k = 0; k < parts[d]; k++)
                owner[at++] = d;
        return owner;
    }
}

/// <summary>Realistic contents: names, valid mainland phone numbers and ID numbers (region code of the home district,
/// a birth date for ages 20–65, the MOD 11-2 check character), certifications from the standard capability catalogue
/// (some expired), accident insurance for most.</summary>
internal static class Contents
{
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
        "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
    ];

    private static readonly string[] Given =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
        "刚", "桂", "英", "华", "建", "国", "文", "辉", "玲", "鹏", "宇", "浩", "婷", "雪", "琳", "晨", "欣", "思", "佳", "子",
    ];

    private static readonly string[] Prefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
        "157", "158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "198", "199",
    ];

    private static readonly string[] Skills = ["驾驶", "急救", "游泳", "无线电", "心理疏导", "外语", "医护", "攀登", "电工", "厨师"];

    private static readonly string[] Issuers = ["北京市红十字会", "北京市应急管理局", "中国红十字会总会", "北京市卫生健康委员会", "北京市消防救援总队"];

    public static readonly ImmutableDictionary<string, string> CapabilityNames = new Dictionary<string, string>
    {
        ["water-rescue"] = "水上救援", ["medical"] = "医疗", ["first-aid"] = "急救", ["search-rescue"] = "搜救",
        ["logistics"] = "后勤保障", ["psychological-support"] = "心理援助", ["communications"] = "通信保障", ["traffic"] = "交通疏导",
    }.ToImmutableDictionary();

    public static string Name(Random random) =>
        Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)] + (random.Next(4) == 0 ? "" : Given[random.Next(Given.Length)]);

    /// <summary>Unique per volunteer number: the last 8 digits are a bijection of n (48271 is prime to 10^8).</summary>
    public static string Phone(int n, Random random) =>
        Prefixes[random.Next(Prefixes.Length)] + ((n * 48271L + 12_345_678L) % 100_000_000L).ToString("D8");

    public static string IdNumber(string regionCode, DateOnly today, Random random)
    {
        var birth = today.AddYears(-20).AddDays(-random.Next(45 * 365));
        var first17 = $"{regionCode}{birth:yyyyMMdd}{random.Next(1000):D3}";
        return first17 + ChineseIdNumber.CheckCharacter(first17);
    }

    public static ImmutableArray<string> SkillsOf(Random random)
    {
        var count = random.Next(3);
        if (count == 0) return [];
        var first = random.Next(Skills.Length);
        return count == 1 ? [Skills[first]] : [Skills[first], Skills[(first + 1 + random.Next(Skills.Length - 1)) % Skills.Length]];
    }

    /// <summary>Issued over the last eight years for three or five years, so some have run out, as in any real register.</summary>
    public static Certification Certification(string capability, DateOnly today, Random random)
    {
        var issued = today.AddDays(-random.Next(8 * 365));
        return new Certification(capability, issued, issued.AddYears(random.Next(2) == 0 ? 3 : 5).AddDays(-1), Issuers[random.Next(Issuers.Length)]);
    }

    /// <param name="specialty">The team's capability, held by most of its members; null for a volunteer in no team.</param>
    public static ImmutableArray<Certification> Certifications(string? specialty, DateOnly today, Random random)
    {
        var codes = new List<string>(3);
        if (specialty is not null && random.NextDouble() < 0.7) codes.Add(specialty);
        if (random.NextDouble() < (specialty is null ? 0.15 : 0.4) && !codes.Contains("first-aid")) codes.Add("first-aid");
        if (random.NextDouble() < (specialty is null ? 0.1 : 0.2))
        {
            var other = CapabilityCatalog.StandardCodes[random.Next(CapabilityCatalog.StandardCodes.Length)];
            if (!codes.Contains(other)) codes.Add(other);
        }
        return [.. codes.Select(c => Certification(c, today, random))];
    }

    /// <summary>A one-year policy that started within the last eleven months, so it covers today.</summary>
    public static Insurance? InsuranceOf(int n, bool inTeam, DateOnly today, Random random)
    {
        if (random.NextDouble() >= (inTeam ? 0.99 : 0.9)) return null;
        var from = today.AddDays(-random.Next(330));
        return new Insurance($"PICC-{from.Year}-{n:D8}", from, from.AddYears(1).AddDays(-1));
    }

    public static DutyStatus Duty(bool onDuty) => onDuty ? DutyStatus.Available : DutyStatus.Off;
}
