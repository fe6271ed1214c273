using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mobilize.Drills.Running;

namespace Mobilize.Drills.Tests.Infrastructure;

/// <summary>The real server on Kestrel on loopback, as a drill drives it: SQLite in a folder of its own, the real clock
/// run <see cref="ClockRate"/> times faster (the server's own <c>--clock-rate</c>), and any extra settings.</summary>
public sealed class DrillServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public DrillServer(double clockRate = 1, Dictionary<string, string?>? settings = null)
    {
        ClockRate = clockRate;
        _settings = settings ?? [];
        UseKestrel(0);
    }

    public double ClockRate { get; }

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("mobilize-drill-tests-").FullName;

    /// <summary>Starts Kestrel and returns the loopback address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
    }

    /// <summary>Signed in as the administrator, with the token the server wrote into its data folder at start.</summary>
    public MobilizeClient Client() => MobilizeClient.Create(Start(), AdministratorToken());

    public string AdministratorToken()
    {
        Start();
        return MobilizeClient.AdministratorTokenAsync(DataDirectory).GetAwaiter().GetResult();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Silo:DataDirectory", DataDirectory);
        builder.UseSetting("Silo:Storage", "Sqlite");
        builder.UseSetting("Silo:ClockRate", ClockRate.ToString(CultureInfo.InvariantCulture));
        // Registration comes in a burst on the administrator's bucket, as the drill runner raises it.
        builder.UseSetting("RateLimit:PermitsPerSecond", "1000000");
        builder.UseSetting("RateLimit:Burst", "1000000");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
