using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Access;

public sealed class OpenApiBearerTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    [Fact]
    public async Task the_openapi_document_says_calls_carry_a_jwt_bearer_token_except_redeeming_an_enrolment()
    {
        using var anonymous = fixture.App.CreateAnonymousClient();
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal(("http", "bearer", "JWT"), ((string?)scheme["type"], (string?)scheme["scheme"], (string?)scheme["bearerFormat"]));
        Assert.Contains(document["security"]!.AsArray(), requirement => requirement!.AsObject().ContainsKey("Bearer"));

        var redemption = document["paths"]!["/api/enrolments/{code}/redemption"]!["post"]!;
        Assert.Empty(redemption["security"]!.AsArray());
        Assert.Null(document["paths"]!["/api/tokens"]!["post"]!["security"]);
    }
}
