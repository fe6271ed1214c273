using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mobilize.Api.Access;
using Mobilize.Grains.Exercises;
using Mobilize.TestKit;

namespace Mobilize.Browser.Tests.Infrastructure;

/// <summary>The real application on Kestrel on loopback, so a real browser can reach it: SQLite in a temp folder of its
/// own, and a manual clock so offers never expire while a slow machine drives the browser.</summary>
public sealed class BrowserApp : WebApplicationFactory<Program>
{
    /// <summary>A Monday morning in Beijing; certificates and insurance are dated around it.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 7, 20, 0, 0, 0, TimeSpan.Zero);

    private readonly DrillClock? _drillClock;

    /// <param name="drillClock">Tells the server its clock runs that fast, as <c>--clock-rate</c> does, while the test's
    /// manual clock still drives time.</param>
    public BrowserApp(DrillClock? drillClock = null)
    {
        _drillClock = drillClock;
        UseKestrel(0);
    }

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("mobilize-browser-tests-").FullName;

    public ManualTimeProvider Clock { get; } = new(Monday);

    /// <summary>Starts Kestrel and returns the address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
    }

    /// <summary>A token from the server's local issuer, valid for a year of the test clock.</summary>
    public string Token(TokenGrant grant) => Issue(grant).Token;

    /// <summary>As <see cref="Token"/>, with its id, so a test can revoke it.</summary>
    public IssuedToken Issue(TokenGrant grant) => Services.GetRequiredService<TokenIssuer>().Issue(grant, TimeSpan.FromDays(365));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Silo:DataDirectory", DataDirectory);
        builder.UseSetting("Silo:Storage", "Sqlite");
        builder.UseSetting("RateLimit:PermitsPerSecond", "1000000");
        builder.UseSetting("RateLimit:Burst", "1000000");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            if (_drillClock is not null) services.AddSingleton(_drillClock);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
