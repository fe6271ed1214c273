using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Realtime;

public sealed class ConnectionLimitTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    [Fact]
    public void phones_get_the_process_file_limit_less_the_reserve_as_websocket_connections()
    {
        var limits = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = long.Parse(limits["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);

        var kestrel = fixture.App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.Equal(soft - 1024, kestrel.Limits.MaxConcurrentUpgradedConnections);
        Assert.Equal(soft - 1024, kestrel.Limits.MaxConcurrentConnections);
    }

    [Fact]
    public void an_operator_set_websocket_limit_is_kept()
    {
        using var app = new MobilizeApp().WithWebHostBuilder(b => b.UseSetting("Kestrel:Limits:MaxConcurrentUpgradedConnections", "1234"));

        var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.Equal(1234, kestrel.Limits.MaxConcurrentUpgradedConnections);
    }
}
