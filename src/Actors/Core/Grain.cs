namespace Mobilize.Actors;

/// <summary>Base class of every grain. The runtime creates it, loads its state, then calls <see cref="OnActivateAsync"/>.</summary>
public abstract class Grain
{
    private readonly IGrainContext _context;

    protected Grain()
    {
        _context = GrainContextScope.Constructing
            ?? throw new InvalidOperationException("Grains are created by the runtime; ask IGrainFactory for a reference instead.");
    }

    public GrainId GrainId => _context.GrainId;

    protected IGrainFactory GrainFactory => _context.GrainFactory;

    protected IServiceProvider ServiceProvider => _context.Services;

    internal IGrainContext Context => _context;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivate once the current turn ends.</summary>
    protected void DeactivateOnIdle() => _context.DeactivateOnIdle();

    /// <summary>Keep this activation alive for at least <paramref name="timeSpan"/> even when idle.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => _context.DelayDeactivation(timeSpan);

    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        _context.RegisterTimer((s, ct) => callback((TState)s!, ct), state, options);

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        _context.RegisterTimer((_, ct) => callback(ct), null, options);

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    public string GetPrimaryKeyString() => GrainId.Key;

    public Guid GetPrimaryKey() => Guid.ParseExact(GrainId.Key, "N");

    public long GetPrimaryKeyLong() => long.Parse(GrainId.Key, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A reference to this grain through the runtime, to hand to other grains or to timers.</summary>
    protected TGrainInterface AsReference<TGrainInterface>() where TGrainInterface : IGrain =>
        (TGrainInterface)_context.GetReference(typeof(TGrainInterface));
}

public enum DeactivationReasonCode
{
    None,
    ApplicationRequested,
    ActivationIdle,
    ShuttingDown,
    ActivationFailed,
    InconsistentState,
}

public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description);

/// <summary>What the runtime offers one activation.</summary>
internal interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    IServiceProvider Services { get; }

    void DeactivateOnIdle();

    void DelayDeactivation(TimeSpan timeSpan);

    IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options);

    object GetReference(Type grainInterface);
}

/// <summary>Lets the <see cref="Grain"/> constructor find its context while the runtime builds it.</summary>
internal static class GrainContextScope
{
    [ThreadStatic] private static IGrainContext? _constructing;

    internal static IGrainContext? Constructing
    {
        get => _constructing;
        set => _constructing = value;
    }
}
