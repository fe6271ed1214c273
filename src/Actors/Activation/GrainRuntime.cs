using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mobilize.Actors.Diagnostics;
using Mobilize.Actors.Hosting;
using Mobilize.Actors.Invocation;

namespace Mobilize.Actors.Activation;

/// <summary>The silo's catalog and grain factory: finds or creates the activation for each call.</summary>
public sealed class GrainRuntime : IGrainFactory
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, WorkerPool> _workers = new();
    private readonly ConcurrentDictionary<Type, Func<object>> _proxyFactories = new();
    private readonly GrainTypeManifest _manifest;
    private readonly ActorMeters _meters;
    private long _created;
    private long _timeoutTicks;
    private long _longTurnTicks;
    private int _checkingTimeouts;

    public GrainRuntime(GrainTypeManifest manifest, IServiceProvider services, TimeProvider time, IOptions<ActorRuntimeOptions> options, ActorMeters meters, ILogger<GrainRuntime> logger)
    {
        _manifest = manifest;
        Services = services;
        Time = time;
        Options = options.Value;
        _meters = meters;
        Logger = logger;
        _timeoutTicks = ToTicks(Options.ResponseTimeout);
        _longTurnTicks = ToTicks(Options.LongTurnThreshold);
    }

    internal IServiceProvider Services { get; }
    internal TimeProvider Time { get; }
    internal ActorRuntimeOptions Options { get; }
    internal ILogger Logger { get; }
    internal GrainMethodCache Methods { get; } = new();

    /// <summary>Activations alive now.</summary>
    public int ActivationCount => _activations.Count + _workers.Values.Sum(p => p.Count);

    /// <summary>Activations created since start (including failed ones), a test and diagnostics figure.</summary>
    public long ActivationsCreated => Interlocked.Read(ref _created);

    public int CountActivations(string grainType) =>
        _activations.Keys.Count(id => id.Type == grainType) + _workers.Where(w => w.Key.Type == grainType).Sum(w => w.Value.Count);

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey => Reference<TGrain>(key);

    public TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey => Reference<TGrain>(GrainId.KeyOf(key));

    public TGrain GetGrain<TGrain>(long key) where TGrain : IGrainWithIntegerKey => Reference<TGrain>(GrainId.KeyOf(key));

    public TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        ObserverReferenceProxy.EnsureSupported(typeof(TObserver));
        var proxy = DispatchProxy.Create<TObserver, ObserverReferenceProxy>();
        ((ObserverReferenceProxy)(object)proxy).Bind(observer);
        return proxy;
    }

    public void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver =>
        (reference as ObserverReferenceProxy)?.Unbind();

    private TGrain Reference<TGrain>(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return (TGrain)GetReference(typeof(TGrain), key);
    }

    internal object GetReference(Type grainInterface, GrainId id) => GetReference(grainInterface, id.Key);

    private object GetReference(Type grainInterface, string key)
    {
        var grainClass = _manifest.ForInterface(grainInterface);
        var proxy = (_proxyFactories.TryGetValue(grainInterface, out var make) ? make : _proxyFactories.GetOrAdd(grainInterface, ProxyFactory))();
        ((GrainReferenceProxy)proxy).Bind(this, new GrainAddress(new GrainId(grainClass.TypeName, key), grainClass));
        return proxy;
    }

    // DispatchProxy.Create finds the generated type and constructs it through reflection on every call, and grains take
    // a reference per call (GrainFactory.GetGrain in a loop): construct the generated type directly instead.
    private static Func<object> ProxyFactory(Type grainInterface)
    {
        var proxyType = DispatchProxy.Create(grainInterface, typeof(GrainReferenceProxy)).GetType();
        if (proxyType.GetConstructor(Type.EmptyTypes) is not { } constructor)
            return () => DispatchProxy.Create(grainInterface, typeof(GrainReferenceProxy));
        return Expression.Lambda<Func<object>>(Expression.New(constructor)).Compile();
    }

    internal void Send(GrainAddress target, Request request)
    {
        var now = Time.GetTimestamp();
        request.SentTimestamp = now;
        request.DeadlineTimestamp = request.AwaitsResponse ? now + Volatile.Read(ref _timeoutTicks) : long.MaxValue;
        _meters.Calls.Add(1);
        Deliver(target, request);
    }

    internal void Deliver(GrainAddress target, Request request)
    {
        if (target.Cached is { } cached && cached.TryEnqueue(request)) return;
        while (true)
        {
            var activation = target.Class.IsStatelessWorker ? Worker(target) : Activation(target);
            if (activation.TryEnqueue(request))
            {
                if (!target.Class.IsStatelessWorker) target.Cached = activation;
                return;
            }
            Thread.Yield(); // it is leaving the catalog right now; look again
        }
    }

    private ActivationData Activation(GrainAddress target)
    {
        if (_activations.TryGetValue(target.Id, out var existing)) return existing;
        var created = new ActivationData(this, target);
        var winner = _activations.GetOrAdd(target.Id, created);
        if (ReferenceEquals(winner, created)) Start(created);
        return winner;
    }

    private ActivationData Worker(GrainAddress target)
    {
        var pool = _workers.GetOrAdd(target.Id, static (_, max) => new WorkerPool(max), target.Class.MaxLocalWorkers);
        var worker = pool.Pick(() => new ActivationData(this, target), out var isNew);
        if (isNew) Start(worker);
        return worker;
    }

    private void Start(ActivationData activation)
    {
        Interlocked.Increment(ref _created);
        _meters.ActivationsCreated.Add(1, new KeyValuePair<string, object?>("grain.type", activation.GrainId.Type));
        activation.StartActivation();
    }

    internal void OnActivated(ActivationData activation) =>
        _meters.Activations.Add(1, new KeyValuePair<string, object?>("grain.type", activation.GrainId.Type));

    internal void OnActivationFailed(ActivationData activation, Exception exception)
    {
        Remove(activation);
        _meters.ActivationFailures.Add(1, new KeyValuePair<string, object?>("grain.type", activation.GrainId.Type));
        Logger.LogWarning(exception, "Activation of {GrainId} failed", activation.GrainId);
    }

    internal void OnDeactivated(ActivationData activation, DeactivationReason reason)
    {
        Remove(activation);
        _meters.Activations.Add(-1, new KeyValuePair<string, object?>("grain.type", activation.GrainId.Type));
        _meters.Deactivations.Add(1, new KeyValuePair<string, object?>("reason", reason.Code.ToString()));
    }

    private void Remove(ActivationData activation)
    {
        if (activation.Address.Class.IsStatelessWorker)
        {
            if (_workers.TryGetValue(activation.GrainId, out var pool)) pool.Remove(activation);
        }
        else
        {
            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
        }
    }

    internal void RecordTurn(ActivationData activation, Request request, long started, long ended)
    {
        var turn = ended - started;
        if (_meters.CallDuration.Enabled)
            _meters.CallDuration.Record((ended - request.SentTimestamp) * 1000.0 / Time.TimestampFrequency, new KeyValuePair<string, object?>("grain.type", activation.GrainId.Type));
        if (turn > _longTurnTicks)
            _meters.LongTurns.Add(1, new KeyValuePair<string, object?>("method", request.Name));
    }

    internal void RecordStorage(string operation, TimeSpan elapsed) =>
        _meters.StorageDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("operation", operation));

    internal IEnumerable<ActivationData> AllActivations() =>
        _activations.Values.Concat(_workers.Values.SelectMany(p => p.Snapshot()));

    /// <summary>Fails every call waiting or running past its response timeout.</summary>
    // Called once a second, so tiered compilation would run its loop over every activation unoptimised for minutes.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int CheckResponseTimeouts()
    {
        // A periodic timer does not wait for the previous callback: on a loaded machine scans would pile up.
        if (Interlocked.Exchange(ref _checkingTimeouts, 1) != 0) return 0;
        try
        {
            var now = Time.GetTimestamp();
            var failed = 0;
            // Runs every second over every activation: enumerate the catalog in place (no snapshot, no locks taken).
            foreach (var entry in _activations) failed += entry.Value.FailOverdue(now);
            foreach (var pool in _workers)
                foreach (var worker in pool.Value.Snapshot()) failed += worker.FailOverdue(now);
            if (failed > 0) _meters.Timeouts.Add(failed);
            return failed;
        }
        finally
        {
            Volatile.Write(ref _checkingTimeouts, 0);
        }
    }

    /// <summary>Starts deactivation of every activation idle past its collection age.</summary>
    public int CollectIdleActivations()
    {
        var now = Time.GetTimestamp();
        var collected = 0;
        foreach (var activation in AllActivations())
        {
            var age = activation.Address.Class.CollectionAge ?? Options.CollectionAge;
            if (activation.CollectIfIdle(now, ToTicks(age))) collected++;
        }
        return collected;
    }

    /// <summary>Deactivates everything (OnDeactivateAsync runs for each), in rounds, since deactivating grains may call others.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; round < 10; round++)
        {
            var all = AllActivations().ToArray();
            if (all.Length == 0) return;
            var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "Silo shutting down");
            await Task.WhenAll(all.Select(a => a.RequestDeactivation(reason))).WaitAsync(cancellationToken);
        }
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Time.TimestampFrequency);
}
