namespace Mobilize.Grains.Dispatch.Replication;

/// <summary>Where a silo's directory hands the changes its own teams made, to reach the other silos' replicas.</summary>
public interface IDirectoryOutbox
{
    void Send(DirectoryChange change);
}
