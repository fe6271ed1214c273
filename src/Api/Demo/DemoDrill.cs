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
    IOptions<AuthOptions> auth,
    TokenIssuer issuer,
    DemoCaller caller,
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
        builder.Services.AddSingleton<DemoCaller>();
        builder.Services.AddHostedService<DemoDrill>();
        // The demo's own phones make hundreds of requests a minute; one log line each would bury the dashboard link.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    protected override async Task ExecuteAsync(CancellationToken serviceStopping)
    {
        // From the first moment of a stop, not from this service's turn: the web server stops first and waits for the
        // requests in flight, and the drill's phones would go on making them.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(serviceStopping, lifetime.ApplicationStopping);
        var stoppingToken = stopping.Token;
        try
        {
            await WhenStarted(stoppingToken);
            var url = OwnAddress();
            if (auth.Value.UsesExternalIssuer)
            {
                logger.LogWarning("Demo: tokens come from {Authority}; the demo drill needs the local issuer.", auth.Value.Authority);
                return;
            }
            // A token of its own, never written or logged: the drill's setup makes a thousand calls in its first minute,
            // and under the start-up token those would be the newcomer's own rate-limit budget (see DemoCaller).
            var token = caller.Admit(issuer.Issue(TokenGrant.Administrator with { Subject = DemoCaller.Subject }, TimeSpan.FromDays(365)));
            var scenario = ScenarioReader.Builtin("demo");
            var map = DistrictMap.Load(scenario.City);
            var jurisdiction = JurisdictionGenerator.Generate(
                new JurisdictionSpec(scenario.City, scenario.Teams, scenario.MembersPerTeam, 1, Prefix, ["water-rescue", "first-aid"]), map);
            var rate = clock is AcceleratedTimeProvider accelerated ? accelerated.Rate : 1;
            var runTag = clock.GetUtcNow().ToString("yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
            var options = new DrillOptions(url, token, 1, runTag, rate, HubPhones: 60, LongPollPhones: jurisdiction.VolunteerCount,
                SetupParallel: 8, StandDownAtEnd: false);
            // The sign-in itself is the administrator's start-up link (AdministratorToken); a token never goes to the log.
            logger.LogWarning("DEMO: a drill of {Teams} teams ({Volunteers} volunteers) runs against this server. Dashboard: {Url}dashboard/?org={City} (sign in with the start-up link)",
                jurisdiction.Teams.Length, jurisdiction.VolunteerCount, url, jurisdiction.CityOrganisation.Id);
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

/// <summary>The demo drill as a caller: this process driving itself over loopback with a token it minted in memory.
/// Rate limits protect the server from outside callers; the drill's load is what its scenario asks for, so the limiter
/// lets its token through (by <c>jti</c>, which nobody else can name, not by subject, which any minter can choose).</summary>
public sealed class DemoCaller
{
    public const string Subject = "demo-drill";
    private volatile string? _tokenId;

    public string Admit(IssuedToken token)
    {
        _tokenId = token.TokenId;
        return token.Token;
    }

    public bool Is(System.Security.Claims.ClaimsPrincipal user) =>
        _tokenId is { } id && user.FindFirst(Claims.TokenId)?.Value == id;
}
