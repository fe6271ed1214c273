namespace Mobilize.Actors;

/// <summary>Anything that can be addressed through the runtime: grains and observers.</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces; every method returns Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
public interface IGrain : IAddressable;

public interface IGrainWithStringKey : IGrain;

public interface IGrainWithGuidKey : IGrain;

public interface IGrainWithIntegerKey : IGrain;

/// <summary>A client-side object that grains push to (the SignalR bridge, tests).</summary>
public interface IGrainObserver : IAddressable;
