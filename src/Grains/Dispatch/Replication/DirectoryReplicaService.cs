using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Mobilize.Grains.Dispatch.Replication;

/// <summary>The <see cref="IDirectoryReplicaService"/> of this silo: applies what the other silos send to the local
/// replica, and starts the <see cref="DirectoryReplicator"/> that sends them this silo's changes.</summary>
/// <remarks>Reentrant: applying a batch is synchronous and the replica takes concurrent writes, so batches from two silos
/// need not wait on each other.</remarks>
[Reentrant]
internal sealed class DirectoryReplicaService(
    GrainId grainId,
    Silo silo,
    ILoggerFactory loggerFactory,
    DispatchDirectory directory,
    DirectoryReplicator replicator) : GrainService(grainId, silo, loggerFactory), IDirectoryReplicaService
{
    // Init, not Start: the silo takes calls for grains from the stage after this one, and a change made here must
    // already find every silo that was in the cluster when this one joined.
    public override async Task Init(IServiceProvider serviceProvider)
    {
        await base.Init(serviceProvider);
        replicator.Start();
    }

    public override async Task Stop()
    {
        await replicator.StopAsync();
        await base.Stop();
    }

    public Task Apply(ImmutableArray<DirectoryChange> changes)
    {
        foreach (var change in changes) directory.Apply(change);
        return Task.CompletedTask;
    }

    public Task<DirectorySnapshotPage> Snapshot(SiloAddress requester, TeamId? after, int max)
    {
        // Listed before the replica is read: a change made after the read is then sent to it.
        replicator.AddPeer(requester);
        return Task.FromResult(directory.Snapshot(after, Math.Clamp(max, 1, DirectoryReplicator.SnapshotPageSize)));
    }
}
