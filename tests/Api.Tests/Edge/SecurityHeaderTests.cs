using System.Net;
using System.Text.RegularExpressions;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Edge;

/// <summary>What every answer says about itself to browsers and proxies: the pages keep a bearer token in
/// <c>localStorage</c>, and the API answers with unmasked personal data, precise positions and tokens.</summary>
public sealed partial class SecurityHeaderTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());

    public static TheoryData<string> Pages => ["/", "/dashboard/", "/volunteer/", "/operations/", "/dashboard/dashboard.js", "/shared/base.css", "/lib/signalr.min.js"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task a_page_allows_scripts_only_from_its_own_files_is_never_framed_and_sends_no_referrer(string page)
    {
        var response = await fixture.App.CreateAnonymousClient().GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        // The same for everyone and without a token in it: kept, but asked for again each time.
        Assert.Equal("no-cache", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task no_page_holds_a_script_or_handler_the_policy_would_block()
    {
        var root = WebRoot();
        var pages = Directory.EnumerateFiles(root, "*.html", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var html = await File.ReadAllTextAsync(page);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineHandler(), html);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task answers_with_unmasked_personal_data_precise_locations_or_tokens_are_never_stored()
    {
        var city = await _world.City();
        var team = await _world.Team("boats", city, 39.9, 116.4, members: 1, capability: "water-rescue");
        var volunteer = team.Leader;
        var asVolunteer = fixture.App.CreateVolunteerClient(volunteer);
        await (await asVolunteer.PutJson($"/api/volunteers/{volunteer}/location",
            new { latitude = 39.91, longitude = 116.41, accuracyMeters = 10 })).Expect(HttpStatusCode.OK);

        var answers = new List<HttpResponseMessage>
        {
            await _world.Client.GetAsync($"/api/volunteers/{volunteer}?unmasked=true&reason=check"),
            await asVolunteer.GetAsync($"/api/volunteers/{volunteer}/status"),
            await _world.Client.PostJson("/api/tokens", new { role = "volunteer", volunteerId = volunteer }),
            await _world.Client.PostJson("/api/enrolments", new { volunteerId = volunteer }),
            await _world.Client.GetAsync("/api/audit"),
            await _world.Client.GetAsync($"/api/volunteers/{volunteer}/feed"),
            // Refusals, errors and the unauthenticated too: a problem document can quote what was sent.
            await _world.Client.GetAsync("/api/volunteers/nobody-here"),
            await fixture.App.CreateAnonymousClient().GetAsync($"/api/volunteers/{volunteer}"),
            await _world.Client.PostJson("/api/volunteers", new { id = "x" }),
            await _world.Client.GetAsync("/health/ready"),
        };
        foreach (var response in answers)
        {
            var what = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery} ({(int)response.StatusCode})";
            Assert.True(Header(response, "Cache-Control") == "no-store", $"{what}: Cache-Control {Header(response, "Cache-Control")}");
            Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", $"{what}: no nosniff");
        }
    }

    [Fact]
    public async Task a_report_page_made_for_one_caller_is_never_stored_and_carries_the_page_policy()
    {
        // Any route under /api answers with the same headers, whatever it serves; an unknown exercise is enough here.
        var response = await _world.Client.GetAsync("/api/exercises/none-such/report.html");
        Assert.Equal("no-store", Header(response, "Cache-Control"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    // The pages as the repository holds them: the test runs from its output folder, beneath the repository.
    private static string WebRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "Api", "wwwroot");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("src/Api/wwwroot above " + AppContext.BaseDirectory);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";

    // A <script> element without a src attribute.
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    // onclick=, onload=, … in markup.
    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
