using Orleans.Runtime.Services;

namespace Mobilize.Grains.Dispatch.Replication;

/// <summary>Reaches the directory replica of a given silo.</summary>
internal sealed class DirectoryReplicaClient(IServiceProvider services) : GrainServiceClient<IDirectoryReplicaService>(services)
{
    public IDirectoryReplicaService On(SiloAddress silo) => GetGrainService(silo);
}
