using System.Collections.Immutable;
using Orleans.Services;

namespace Mobilize.Grains.Dispatch.Replication;

/// <summary>A silo's directory replica as the other silos reach it: one Orleans grain service per silo, addressed by
/// the silo's address.</summary>
[Alias("mobilize.dispatch.directory-replica")]
public interface IDirectoryReplicaService : IGrainService
{
    /// <summary>Changes made by teams active on the sending silo, the latest per team since its last batch.</summary>
    [Alias("Apply")]
    Task Apply(ImmutableArray<DirectoryChange> changes);

    /// <summary>A slice of this replica for <paramref name="requester"/>, which from now on also receives every change
    /// made here: what the slice misses, it is sent.</summary>
    [Alias("Snapshot")]
    Task<DirectorySnapshotPage> Snapshot(SiloAddress requester, TeamId? after, int max);
}
