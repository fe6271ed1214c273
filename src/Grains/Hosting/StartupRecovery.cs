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
    /// incident's jurisdiction listing is sent one-way after its state is stored and written behind, so a crash can
    /// lose marks of incidents open or already stood down. Every stored incident is therefore folded into the listing
    /// of each organisation on its ladder (<see cref="IncidentListingOrder"/>: by opening time, so the listing holds
    /// exactly the newest, not the last to be scanned). Activating open incidents also re-arms the precise timer at
    /// once, where the reminder alone would catch up up to one watchdog period late.</summary>
    public static async Task WakeOpenIncidents(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scanner = services.GetRequiredKeyedService<IStoredStateScanner>(StorageNames.Default);
        var grains = services.GetRequiredService<IGrainFactory>();
        var woken = new List<Task>();
        var newest = new IncidentListingOrder.Newest();
        await foreach (var stored in scanner.ScanAsync<IncidentState>("incident", IncidentGrain.StateName, cancellationToken))
        {
            if (stored.State is not { } incident) continue;
            var request = incident.Request;
            newest.Add(request.Organisation, new IncidentMark(IncidentId.Create(stored.GrainKey), request.Organisation, request.Exercise, incident.CreatedAt));
            if (!incident.Recruitment.StoodDown) woken.Add(grains.GetGrain<IIncidentGrain>(stored.GrainKey).Wake());
        }
        await Task.WhenAll(woken);
        Log(services).LogInformation("Woke {Incidents} open incidents", woken.Count);
        var listings = await RelistIncidents(grains, newest);
        Log(services).LogInformation("Incident listings of {Organisations} organisations checked against stored incidents", listings);
    }

    // An organisation's newest incidents are among the newest of each organisation beneath it that opened any, so the
    // scan keeps only those per opening organisation and each ladder merges them.
    private static async Task<int> RelistIncidents(IGrainFactory grains, IncidentListingOrder.Newest newest)
    {
        var byListing = new Dictionary<OrganisationId, List<IncidentMark>>();
        foreach (var (opener, marks) in newest.ByOrganisation)
        {
            if ((await grains.Organisation(opener).GetLadder()).Value is not { } ladder) continue;
            foreach (var node in ladder.Nodes)
            {
                if (!byListing.TryGetValue(node.Id, out var list)) byListing[node.Id] = list = [];
                list.AddRange(marks);
            }
        }
        await Task.WhenAll(byListing.Select(l => grains.Organisation(l.Key).Relist([.. IncidentListingOrder.Merge([], l.Value)])));
        return byListing.Count;
    }

    private static ILogger Log(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupRecovery).FullName!);
}
