using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Mobilize.Api.Access;
using Mobilize.Drills.Geography;
using Mobilize.Drills.Jurisdictions;
using Mobilize.Drills.Running;
using Mobilize.Drills.Scenarios;
using Mobilize.Silo.Hosting;

namespace Mobilize.Api.Demo;

/// <summary><c>--demo</c>: registers a small Beijing jurisdiction and keeps a drill running against this very server,
/// through its public HTTP API on its own loopback address, so a newcomer opening the dashboard sees incidents, offers,
/// answers and fills move at once. Every incident is an exercise.</summary>
public sealed class DemoDrill(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<SiloOptions> silo,
    TimeProvider clock,
    ILogger<DemoDrill> logger) : BackgroundService
{
    public const string ConfigurationKey = "Demo:Enabled";
    public const string Prefix = "demo";

    /// <summary><c>--demo</c> on the command line becomes <c>--Demo:Enabled=true</c>, since a switch alone has no value.</summary>
    public static string[] ExpandSwitch(string[] args) => [.. args.Select(a => a == "--demo" ? $"--{ConfigurationKey}=true" : a)];

    public static IHostApplicationBuilder AddDemo(IHostApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue<bool>(ConfigurationKey)) return builder;
        builder.Services.AddHostedService<DemoDrill>();
        // The demo's own phones make hundreds of requests a minute; one log line each would bury the dashboard link.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStarted(stoppingToken);
            var url = OwnAddress();
            var tokenFile = Path.Combine(silo.Value.DataDirectory, AdministratorToken.FileName);
            if (!File.Exists(tokenFile))
            {
                logger.LogWarning("Demo: no local administrator token ({Path}); the demo drill needs the local issuer.", tokenFile);
                return;
            }
            var token = await MobilizeClient.AdministratorTokenAsync(silo.Value.DataDirectory, stoppingToken);
            var scenario = ScenarioReader.Builtin("demo");
            var map = DistrictMap.Load(scenario.City);
            var jurisdiction = JurisdictionGenerator.Generate(
                new JurisdictionSpec(scenario.City, scenario.Teams, scenario.MembersPerTeam, 1, Prefix, ["water-rescue", "first-aid"]), map);
            var rate = clock is AcceleratedTimeProvider accelerated ? accelerated.Rate : 1;
            var runTag = clock.GetUtcNow().ToString("yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
            var options = new DrillOptions(url, token, 1, runTag, rate, HubPhones: 60, LongPollPhones: jurisdiction.VolunteerCount,
                SetupParallel: 8, StandDownAtEnd: false);
            logger.LogWarning("DEMO: a drill of {Teams} teams ({Volunteers} volunteers) runs against this server. Dashboard: {Url}dashboard/?org={City}#token={Token}",
                jurisdiction.Teams.Length, jurisdiction.VolunteerCount, url, jurisdiction.CityOrganisation.Id, token);
            await new DrillEngine(options, scenario, jurisdiction, map).RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping; the demo stops with it.
        }
        catch (Exception e)
        {
            // The demo is a show, never a reason for the server to stop serving.
            logger.LogError(e, "Demo drill stopped");
        }
    }

    private async Task WhenStarted(CancellationToken cancellation)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellation);
    }

    /// <summary>This server's first address, as loopback: the drill may only ever drive the server it runs in.</summary>
    private Uri OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("The server has no address to run the demo against.");
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("[::]", "127.0.0.1")
            .Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return uri.Uri;
    }
}
