using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Mobilize.Api.Access;
using Mobilize.Silo.Hosting;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Realtime;

public static class RealtimeExtensions
{
    /// <summary>SignalR with the API's JSON conventions, and the bridge from the live feed to the hubs.</summary>
    public static IHostApplicationBuilder AddRealtime(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<HubSessions>();
        // The token first (a revoked caller is not told about budgets), then the caller's budget, on every hub and method.
        builder.Services.AddSignalR(o =>
        {
            o.AddFilter<TokenSessionFilter>();
            o.AddFilter<HubCallBudget>();
        }).AddJsonProtocol(o =>
        {
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.PayloadSerializerOptions.Converters.Add(new TypedIdJsonConverterFactory());
        });
        builder.Services.AddSingleton<LiveFeedBridge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveFeedBridge>());
        builder.Services.AddSingleton<ILiveEventSink>(sp => sp.GetRequiredService<LiveFeedBridge>());
        builder.Services.AddSingleton<LiveFeedListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveFeedListener>());
        builder.Services.AddSingleton(LiveFeedListener.Step(remote: builder.IsRemoteSilo()));
        builder.Services.AddSingleton<IPostConfigureOptions<KestrelServerOptions>, ConnectionLimit>();
        return builder;
    }

    /// <summary>The two hubs, with stateful reconnect so a phone that drops for a moment gets the buffered messages
    /// replayed by SignalR itself; longer gaps are closed by <c>CatchUp</c>. Also the pages, as static files.</summary>
    public static WebApplication MapRealtime(this WebApplication app)
    {
        app.UseDefaultFiles();
        var types = new FileExtensionContentTypeProvider();
        // District boundaries for the map; unknown extensions are not served at all.
        types.Mappings[".geojson"] = "application/geo+json";
        app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = types, OnPrepareResponse = Infrastructure.SecurityHeaders.StaticFileCaching });
        app.MapHub<CommandHub>("/hubs/command", o => o.AllowStatefulReconnects = true).RequireAuthorization(Policies.Command);
        app.MapHub<VolunteerHub>("/hubs/volunteer", o => o.AllowStatefulReconnects = true).RequireAuthorization(Policies.Volunteer);
        return app;
    }
}
