using Microsoft.Extensions.Logging;
using Mobilize.Grains.Hosting;
using Orleans;
using Orleans.Runtime;

namespace Mobilize.Silo.Hosting;

/// <summary>When membership declares a silo dead, one survivor (the oldest active silo) wakes every open incident, so
/// those that lived on the dead silo come back at once and re-arm their offer deadlines.</summary>
/// <remarks>Reminders alone would bring them back too, but up to a watchdog period (a minute) late: an offer that timed
/// out meanwhile would wait that long to escalate. Waking is idempotent, so a survivor that wakes what another already
/// did costs a scan and nothing more.</remarks>
internal sealed class LostSiloRecovery(IClusterMembershipService membership, ILocalSiloDetails local, IServiceProvider services,
    ILogger<LostSiloRecovery> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _watching;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LostSiloRecovery), ServiceLifecycleStage.Active, _ =>
        {
            _watching = Task.Run(Watch);
            return Task.CompletedTask;
        }, async _ =>
        {
            await _stopping.CancelAsync();
            if (_watching is { } watching) await watching.ContinueWith(_ => { }, TaskScheduler.Default);
        });

    private async Task Watch()
    {
        // Silos already dead when this one started were covered by its own start-up recovery.
        var known = Dead(membership.CurrentSnapshot);
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var dead = Dead(snapshot);
                var lost = dead.Except(known).ToList();
                known = dead;
                if (lost.Count == 0 || !IsOldestActive(snapshot)) continue;
                logger.LogWarning("Silo(s) {Lost} declared dead; waking open incidents", string.Join(", ", lost));
                try
                {
                    await StartupRecovery.WakeOpenIncidents(services, _stopping.Token);
                }
                catch (Exception exception) when (!_stopping.IsCancellationRequested)
                {
                    // Their reminders still bring them back, a watchdog period later.
                    logger.LogError(exception, "Could not wake open incidents after losing {Lost}", string.Join(", ", lost));
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private static HashSet<SiloAddress> Dead(ClusterMembershipSnapshot snapshot) =>
        [.. snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress)];

    private bool IsOldestActive(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active)
            .OrderBy(m => m.SiloAddress.Generation).ThenBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal)
            .FirstOrDefault()?.SiloAddress.Equals(local.SiloAddress) == true;
}
