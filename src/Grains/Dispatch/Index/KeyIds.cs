namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// Numbers the index's keys 0, 1, 2… so snapshots can find a key's position through an array instead of a hash
/// table of their own. Owned by the writers (callers hold the index's write lock). A removed key keeps its id until
/// a snapshot without it is installed, so a key removed and added back before then is still one key to the fold.
/// </summary>
internal sealed class KeyIds<TKey>(IEqualityComparer<TKey> keyEquality) where TKey : notnull
{
    private readonly Dictionary<TKey, int> ids = new(keyEquality);
    private readonly Stack<int> free = [];
    private readonly List<TKey> removing = [];
    private int next;

    /// <summary>One more than the largest id handed out.</summary>
    public int Limit => next;

    public bool TryGet(TKey key, out int id) => ids.TryGetValue(key, out id);

    public int Assign(TKey key)
    {
        if (ids.TryGetValue(key, out var id)) return id;
        id = free.Count > 0 ? free.Pop() : next++;
        ids.Add(key, id);
        return id;
    }

    /// <summary>A compaction is starting from <paramref name="changes"/>: its removals free their ids once it is installed.</summary>
    public void StartFold(Dictionary<TKey, Change> changes)
    {
        foreach (var (key, change) in changes)
            if (change.Placement is null) removing.Add(key);
    }

    /// <summary>The compaction's snapshot is installed; <paramref name="pending"/> holds the writes made meanwhile.</summary>
    public void FoldInstalled(Dictionary<TKey, Change> pending)
    {
        // A key written again during the fold still has a change pending under its id; the next fold settles it.
        foreach (var key in removing)
            if (!pending.ContainsKey(key) && ids.Remove(key, out var id)) free.Push(id);
        removing.Clear();
    }
}
