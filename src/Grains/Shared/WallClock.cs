using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mobilize.Grains.Shared;

/// <summary>The clock of what people and other systems hold on to from outside: sign-in tokens and their revocations,
/// enrolment links, the idempotency journal's retention. It is the domain clock (so a test's manual clock moves them too),
/// except on a drill server (<c>--clock-rate</c>): there the domain runs fast and these must not, or at ×1000 a 7-day
/// token would end in ten wall minutes, a 15-minute enrolment link in a second, and a phone retrying after a minute
/// would find its idempotency key purged and act twice.</summary>
public sealed class WallClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset GetUtcNow() => Time.GetUtcNow();

    /// <summary>The domain clock, unless a drill server registered the wall clock first.</summary>
    public static IServiceCollection AddDefault(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new WallClock(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
