using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;

namespace Mobilize.Silo.Reminders;

public static class ReminderTableRegistration
{
    /// <summary>Makes <paramref name="create"/>'s table the one Orleans' reminder service (added by
    /// <c>AddMobilizeGrains</c>) keeps reminders in; it opens the table as the silo starts. The table is given the
    /// cluster's service id, which stays the same across deployments, so reminders carry over an upgrade.</summary>
    public static IServiceCollection AddReminderTable<TTable>(this IServiceCollection services, Func<IServiceProvider, string, TTable> create)
        where TTable : class, IReminderTable
    {
        services.AddSingleton<IReminderTable>(sp => create(sp, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return services;
    }
}
