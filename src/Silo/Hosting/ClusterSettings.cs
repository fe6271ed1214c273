using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Mobilize.Silo.Hosting;

/// <summary>How the Api reaches its grains: a silo in its own process (the embedded default), or the silos of a cluster
/// through Orleans' client.</summary>
public enum ApiSilo
{
    CoHosted,
    Remote,
}

/// <summary>The <c>Cluster</c> section: with <see cref="Redis"/> set, silos and clients find each other through Orleans'
/// Redis membership table instead of being one process on loopback.</summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Cluster";
    public const string ApiSiloKey = "Api:Silo";

    /// <summary>A StackExchange.Redis connection string (<c>127.0.0.1:6379</c>); empty means no cluster.</summary>
    public string? Redis { get; set; }

    public bool IsCluster => !string.IsNullOrWhiteSpace(Redis);

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<ClusterSettings>() ?? new ClusterSettings();

    /// <summary>Orleans' defaults take 15 s or more to declare a silo dead (three missed probes of 5 s, then votes); an
    /// emergency service wants the dead silo's incidents back within 10 s. Loopback or a LAN answers a probe in
    /// milliseconds, so 2 s is still generous; two missed probes and two votes keep one slow answer from evicting a
    /// live silo. <c>Cluster:Membership:*</c> overrides any of it (docs/deployment.md).</summary>
    public static void TuneMembership(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        });
        services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{SectionName}:Membership"));
    }
}

public static class ApiSiloExtensions
{
    /// <summary>Whether this Api is an Orleans client of remote silos (<c>--Api:Silo Remote</c>).</summary>
    public static bool IsRemoteSilo(this IHostApplicationBuilder builder) => builder.Configuration.IsRemoteSilo();

    public static bool IsRemoteSilo(this IConfiguration configuration) =>
        configuration.GetValue(ClusterSettings.ApiSiloKey, ApiSilo.CoHosted) == ApiSilo.Remote;
}
