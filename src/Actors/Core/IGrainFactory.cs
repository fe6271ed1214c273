namespace Mobilize.Actors;

/// <summary>Hands out references to grains. A reference is only an address: getting one activates nothing.</summary>
public interface IGrainFactory
{
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;

    TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey;

    TGrain GetGrain<TGrain>(long key) where TGrain : IGrainWithIntegerKey;

    /// <summary>Wraps a local object so that grains can call it back.</summary>
    TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver;

    void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver;
}
