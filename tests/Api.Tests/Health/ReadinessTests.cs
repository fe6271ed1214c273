using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Api.Health;
using Mobilize.Api.Infrastructure;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Api.Volunteers;
using Mobilize.Silo.Hosting;

namespace Mobilize.Api.Tests.Health;

/// <summary>While start-up recovery runs, the process is live but not ready, and API calls are turned away with 503.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task while_recovery_runs_live_is_200_ready_is_503_and_api_calls_get_503_with_retry_after()
    {
        var recovery = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var port = ServerProcess.FreePort();
        // Composed from the same extensions Program.cs calls, so the test can hold recovery open.
        var data = Directory.CreateTempSubdirectory("mobilize-ready-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:DataDirectory"] = data,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddMobilizeSilo();
        builder.AddMobilizeApi();
        builder.Services.AddSingleton(new ReadinessStep((_, cancellationToken) => recovery.Task.WaitAsync(cancellationToken)));
        await using var app = builder.Build();
        app.UseMobilizeApi();
        app.MapHealthApi();
        app.MapVolunteersApi();
        var starting = app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await WaitLiveAsync(client);
        // Written before the server listens, so a tool that reaches it can already sign in.
        client.DefaultRequestHeaders.Authorization = new("Bearer", File.ReadAllText(Path.Combine(data, "administrator.token")));
        var ready = await client.GetAsync("/health/ready");
        var problem = await ready.Expect(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:mobilize:problem:not-ready", (string?)problem["type"]);
        var refused = await client.GetAsync("/api/volunteers/anyone");
        await refused.Expect(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(refused.Headers.RetryAfter);

        recovery.SetResult();
        await starting;
        await (await client.GetAsync("/health/ready")).Expect(HttpStatusCode.OK);
        await (await client.GetAsync("/api/volunteers/anyone")).Expect(HttpStatusCode.NotFound);
        await app.StopAsync();
        Directory.Delete(data, recursive: true);
    }

    /// <summary>Kestrel on a real socket comes up on its own schedule; poll, bounded.</summary>
    private static async Task WaitLiveAsync(HttpClient client)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                if ((await client.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("Kestrel did not come up.");
    }
}
