using Mobilize.Api.Realtime;

namespace Mobilize.Api.Push;

public static class PushExtensions
{
    /// <summary>Web Push to volunteers' phones: the VAPID keys, and the sender beside the live-feed bridge.</summary>
    public static IHostApplicationBuilder AddPush(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PushOptions>().BindConfiguration(PushOptions.SectionName);
        builder.Services.AddSingleton<VapidKeys>();
        builder.Services.AddHttpClient(WebPushSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<WebPushSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebPushSender>());
        builder.Services.AddSingleton<ILiveEventSink>(sp => sp.GetRequiredService<WebPushSender>());
        return builder;
    }
}
