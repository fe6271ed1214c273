using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Mobilize.Actors.Tests.Lifecycle;

public sealed record Roster(ImmutableArray<string> Names)
{
    public Roster() : this(ImmutableArray<string>.Empty) { }
}

public interface IRosterGrain : IGrainWithStringKey
{
    Task Add(string name);

    Task AddWithoutSaving(string name);

    Task<ImmutableArray<string>> Names();

    Task<string?> Etag();

    Task<ImmutableArray<string>> SeenOnActivation();

    Task Clear();

    Task LeaveWhenIdle();

    Task StayFor(TimeSpan span);
}

/// <summary>Saves on every Add, and flushes what AddWithoutSaving buffered when it deactivates.</summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed class RosterGrain([PersistentState("roster")] IPersistentState<Roster> roster) : Grain, IRosterGrain
{
    public static readonly ConcurrentDictionary<string, int> Deactivations = new();
    private ImmutableArray<string> _seenOnActivation;
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seenOnActivation = roster.State.Names;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Deactivations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        if (_dirty) await roster.WriteStateAsync(cancellationToken);
    }

    public async Task Add(string name)
    {
        roster.State = new Roster(roster.State.Names.Add(name));
        await roster.WriteStateAsync();
    }

    public Task AddWithoutSaving(string name)
    {
        roster.State = new Roster(roster.State.Names.Add(name));
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> Names() => Task.FromResult(roster.State.Names);

    public Task<string?> Etag() => Task.FromResult(roster.Etag);

    public Task<ImmutableArray<string>> SeenOnActivation() => Task.FromResult(_seenOnActivation);

    public Task Clear() => roster.ClearStateAsync();

    public Task LeaveWhenIdle()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StayFor(TimeSpan span)
    {
        DelayDeactivation(span);
        return Task.CompletedTask;
    }
}

public interface IFragileGrain : IGrainWithStringKey
{
    Task<int> Attempt();
}

/// <summary>Fails its first activation, as a grain whose state cannot be read would.</summary>
public sealed class FragileGrain : Grain, IFragileGrain
{
    public static readonly ConcurrentDictionary<string, int> Activations = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var n = Activations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, v) => v + 1);
        return n == 1 ? throw new InvalidDataException("state unreadable") : Task.CompletedTask;
    }

    public Task<int> Attempt() => Task.FromResult(Activations[GetPrimaryKeyString()]);
}
