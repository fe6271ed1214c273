namespace Mobilize.Grains.Shared;

public static class StoredState
{
    /// <summary>The stored state, or null when nothing is stored yet.</summary>
    /// <remarks>Orleans hands a grain a default instance when no record exists, never null, so "registered" has to be
    /// read from <see cref="IStorage{TState}.RecordExists"/>; this keeps the grains' pattern matches honest.</remarks>
    public static TState? Stored<TState>(this IPersistentState<TState> state) where TState : class =>
        state.RecordExists ? state.State : null;
}
