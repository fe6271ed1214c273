using Orleans.Dashboard;
using Orleans.Hosting;

namespace Mobilize.Silo.Operations;

public static class DashboardExtensions
{
    /// <summary>The Orleans dashboard's grain services, call profiler and counters, which live in every silo; the pages
    /// are served by the Api under <c>/orleans</c>.</summary>
    public static ISiloBuilder AddOperationsDashboard(this ISiloBuilder silo)
    {
        silo.AddDashboard();
        DeferredDashboardStart.Replace(silo.Services);
        return silo;
    }

    /// <summary>The dashboard's side on a node in front of remote silos.</summary>
    public static IClientBuilder AddOperationsDashboard(this IClientBuilder client)
    {
        client.AddDashboard();
        DeferredDashboardStart.Replace(client.Services);
        return client;
    }
}
