using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Edge;

/// <summary>A failure nobody expected is a 500 problem with a trace id and nothing of the inside.</summary>
public sealed class UnexpectedErrorTests
{
    [Fact]
    public async Task an_unexpected_exception_is_a_500_problem_with_a_trace_id_that_leaks_nothing()
    {
        var root = new MobilizeApp();
        var app = root.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter, ThrowingRoute>()));
        var response = await app.CreateClient().PostAsync("/test/explode", null);

        var problem = await response.Expect(HttpStatusCode.InternalServerError);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:mobilize:problem:unexpected", (string?)problem["type"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["traceId"]));
        var text = problem.ToJsonString();
        Assert.DoesNotContain("Password", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain("at ", text.Replace("\"traceId\"", ""), StringComparison.Ordinal);
        await root.DisposeAndDeleteStoreAsync();
    }

    /// <summary>A route that fails the way a bug would, inside the application's own pipeline.</summary>
    private sealed class ThrowingRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test/explode", branch => branch.Run(_ =>
                throw new InvalidOperationException("Host=db;Password=hunter2 broke")));
        };
    }
}
