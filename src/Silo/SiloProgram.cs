using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mobilize.Silo.Hosting;
using Mobilize.Silo.Operations;

namespace Mobilize.Silo;

/// <summary>A silo on its own, for a cluster: <c>dotnet Mobilize.Silo.dll --Cluster:Redis … --Silo:Storage Postgres …</c>
/// (docs/deployment.md). It serves grains to Api nodes through its gateway and answers no HTTP itself.</summary>
public static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddCommandLine(args, SiloHostingExtensions.SwitchMappings);
        // Orleans narrates every connection at Information; an operator wants the silo's own lines and the warnings.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft.Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        builder.AddMobilizeSilo(silo => silo.AddOperationsDashboard());
        // After the silo, whose dashboard adds a provider of its own (the /orleans/Trace log stream).
        builder.Logging.AddLogRedaction();
        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
