using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Mobilize.Api.Realtime;

/// <summary>Caps connections below the process's file limit. Each one holds a descriptor; past the limit the runtime
/// itself fails to open files and the whole process aborts ("Out of memory", PAL_SEHException: seen at ~19,700 phones
/// under a limit of 20,000), so refusing the connections that do not fit keeps the others served. Phones' WebSockets
/// get the limit less the reserve; plain HTTP connections (REST, negotiation) half the reserve; the other half is for
/// storage, assemblies and the runtime (~300 at start).</summary>
internal sealed class ConnectionLimit(IOptions<RealtimeOptions> realtime, IConfiguration configuration) : IPostConfigureOptions<KestrelServerOptions>
{
    public const string SettingKey = "Kestrel:Limits:MaxConcurrentUpgradedConnections";

    public void PostConfigure(string? name, KestrelServerOptions options)
    {
        // Set explicitly: the operator knows better.
        if (configuration[SettingKey] is { } set)
        {
            options.Limits.MaxConcurrentUpgradedConnections = long.Parse(set, System.Globalization.CultureInfo.InvariantCulture);
            return;
        }
        if (OpenFilesLimit() is not { } limit) return;
        var room = Math.Max(1, limit - realtime.Value.ReservedFileDescriptors);
        options.Limits.MaxConcurrentUpgradedConnections = room;
        options.Limits.MaxConcurrentConnections ??= room;
    }

    /// <summary>The soft RLIMIT_NOFILE on Linux ("Max open files" in /proc/self/limits); null elsewhere or when unlimited.</summary>
    public static long? OpenFilesLimit()
    {
        const string path = "/proc/self/limits";
        if (!File.Exists(path)) return null;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, out var value) ? value : null;
    }
}
