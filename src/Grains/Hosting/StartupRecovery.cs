using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Dispatch.Replication;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Hosting;

/// <summary>Start-up work that puts the silo back where it was: the directory refilled from stored teams and the other
/// silos' replicas, teams whose stored answers settle a muster woken, and every open incident woken to repair its listing.</summary>
public static class StartupRecovery
{
    public static async Task RebuildDirectory(IServiceProvider services, CancellationToken cancellationToken)
    {
        var directory = services.GetRequiredService<DispatchDirectory>();
        var scanner = services.GetRequiredKeyedService<IStoredStateScanner>(StorageNames.Default);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var count = 0;
        var undecided = new List<string>();
        await foreach (var stored in scanner.ScanAsync<TeamState>("team", TeamGrain.StateName, cancellationToken))
        {
            if (stored.State is not { } team) continue;
            var id = TeamId.Create(stored.GrainKey);
            // Taken as any replica takes a change: not sent on, since every silo reads the same store.
            directory.Apply(new DirectoryChange(id, team.DirectoryVersion, TeamGrain.ToCard(id, team)));
            // A team stored before it knew its jurisdictions learns them when it activates (see TeamGrain.Recovery).
            if (TeamGrain.Undecided(team, now).Any() || team.Within.IsDefault) undecided.Add(stored.GrainKey);
            count++;
        }
        Log(services).LogInformation("Dispatch directory rebuilt with {Teams} teams", count);
        // Moves are not stored, and a team may change while the scan runs: the peers' replicas hold both, and from
        // their snapshot on they send this silo every change. Nothing to ask for in a single silo.
        var caughtUp = await services.GetRequiredService<DirectoryReplicator>().CatchUpAsync(directory, cancellationToken);
        if (caughtUp > 0) Log(services).LogInformation("Dispatch directory took {Changes} newer changes from its peers", caughtUp);
        // A team settles a muster its stored answers already decide when it activates (see TeamGrain.Recovery).
        var grains = services.GetRequiredService<IGrainFactory>();
        await Task.WhenAll(undecided.Select(key => grains.GetGrain<ITeamGrain>(key).Get()));
        if (undecided.Count > 0) Log(services).LogInformation("Woke {Teams} teams whose answers settle a muster or that learn their jurisdictions", undecided.Count);
    }

    /// <summary>Offer deadlines no longer depend on this: an incident with one pending holds a reminder, which Orleans
    /// delivers after a restart as after any lost activation. The scan stays for what reminders do not cover: an
    /// incident's jurisdiction listing is sent one-way after its state is stored, so a crash in between leaves an open
    /// incident (possibly filled, with no reminder) missing from its dashboards until Wake lists it again. Activating
    /// also re-arms the precise timer at once, where the reminder alone would catch up up to one watchdog period late.</summary>
    public static async Task WakeOpenIncidents(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scanner = services.GetRequiredKeyedService<IStoredStateScanner>(StorageNames.Default);
        var grains = services.GetRequiredService<IGrainFactory>();
        var woken = new List<Task>();
        await foreach (var stored in scanner.ScanAsync<IncidentState>("incident", IncidentGrain.StateName, cancellationToken))
        {
            if (stored.State is { Recruitment.StoodDown: false })
                woken.Add(grains.GetGrain<IIncidentGrain>(stored.GrainKey).Wake());
        }
        await Task.WhenAll(woken);
        Log(services).LogInformation("Woke {Incidents} open incidents", woken.Count);
    }

    private static ILogger Log(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupRecovery).FullName!);
}
