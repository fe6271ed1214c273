using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Access;

/// <summary>An enrolment link comes with its QR code, only to whoever may make the link.</summary>
public sealed partial class EnrolmentQrTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    [GeneratedRegex(@"M(\d+) (\d+)h1v1h-1z")]
    private static partial Regex Module();

    /// <summary>The dark modules the SVG draws, read back from its path.</summary>
    public static bool[,] Modules(string svg)
    {
        var document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", document.Root!.Name);
        var size = int.Parse(document.Root.Attribute("viewBox")!.Value.Split(' ')[2]);
        var matrix = new bool[size, size];
        foreach (Match m in Module().Matches(document.Root.Element(ns + "path")!.Attribute("d")!.Value))
            matrix[int.Parse(m.Groups[2].Value), int.Parse(m.Groups[1].Value)] = true;
        return matrix;
    }

    [Fact]
    public async Task the_link_comes_with_an_svg_qr_code_of_its_full_address_and_a_commander_without_the_record_gets_neither()
    {
        var world = new World(fixture.App.CreateClient());
        var city = await world.City();
        var district = await world.District(city, "d", "东城区");
        var team = await world.Team("team", district, 39.93, 116.42, 1, "water-rescue");
        using var commander = fixture.App.CreateCommanderClient(district);
        var link = await (await commander.PostJson("/api/enrolments", new { volunteerId = team.Leader })).Expect(HttpStatusCode.Created);
        var url = (string)link["url"]!;
        Assert.Equal($"{commander.BaseAddress!.GetLeftPart(UriPartial.Authority)}/volunteer/#enrol={(string)link["code"]!}", url);

        var drawn = Modules((string)link["qrSvg"]!);
        var expected = EnrolmentQr.Encode(url).ModuleMatrix;
        Assert.Equal(expected.Count, drawn.GetLength(0));
        for (var y = 0; y < expected.Count; y++)
        for (var x = 0; x < expected.Count; x++)
            Assert.True(expected[y][x] == drawn[y, x], $"module ({x}, {y}) differs");
        // A QR code's three finder patterns: a 7×7 dark ring in three corners, inside the 4-module quiet zone.
        foreach (var (row, column) in new[] { (4, 4), (4, expected.Count - 11), (expected.Count - 11, 4) })
        {
            Assert.True(drawn[row, column] && drawn[row + 6, column + 6] && !drawn[row + 1, column + 1] && drawn[row + 3, column + 3]);
            Assert.False(drawn[row - 1, column]);
        }

        var other = await world.District(city, "other", "西城区");
        using var outsider = fixture.App.CreateCommanderClient(other);
        var refused = await (await outsider.PostJson("/api/enrolments", new { volunteerId = team.Leader })).Expect(HttpStatusCode.Forbidden);
        Assert.Null(refused["qrSvg"]);
    }
}
