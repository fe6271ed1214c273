namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// An in-memory index of available teams or volunteers by place and capability, answering "the k nearest that can
/// do all of these, within this radius" in microseconds while absorbing hundreds of thousands of updates a second.
/// </summary>
/// <remarks>
/// Queries read an immutable cell-ordered <see cref="GridSnapshot{TKey}"/> plus a small overlay of what changed
/// since it was built; writers take a short lock to update the overlay, and a compaction folds the overlay into a
/// new snapshot (in the background by default) without stopping either. Once a write returns, every query that
/// starts afterwards sees it. Distances are haversine metres on the IUGG mean sphere, identical to
/// <see cref="Shared.GeoPoint.DistanceMetersTo"/>; equal distances are ordered by key.
/// </remarks>
public sealed partial class GeoGridIndex<TKey> where TKey : notnull
{
    private readonly Lock writeGate = new();
    private readonly Lock compactionGate = new();
    private readonly IEqualityComparer<TKey> keyEquality;
    private readonly IComparer<TKey> keyOrder;
    private readonly GeoGridIndexOptions options;

    private volatile IndexState<TKey> state;
    // Changes since the snapshot that the next compaction starts from; null placement = removed.
    private Dictionary<TKey, Change> pending;
    // Changes a running compaction is folding in; still authoritative for lookups until it installs its snapshot.
    private Dictionary<TKey, Change>? folding;
    // The last compaction's change set, emptied: the next pending set, so it need not grow (on the large object heap) again.
    private Dictionary<TKey, Change>? spareChanges;
    // Every indexed key's stable id, which snapshots map to positions.
    private readonly KeyIds<TKey> ids;
    private int count;
    // The state the last compaction replaced: once no query reads it, the next compaction reuses its arrays
    // rather than allocating ~100 MB at 1 M entries, which would set off full garbage collections.
    private IndexState<TKey>? retired;
    private int compactionQueued;
    private int compactions;
    private int refits;

    /// <param name="keyOrder">Orders keys at equal distance; required when <typeparamref name="TKey"/> is not comparable.</param>
    public GeoGridIndex(GeoGridIndexOptions? options = null, IEqualityComparer<TKey>? keyEquality = null, IComparer<TKey>? keyOrder = null)
    {
        this.options = options ?? new GeoGridIndexOptions();
        this.options.Validate();
        if (keyOrder is null && !typeof(IComparable<TKey>).IsAssignableFrom(typeof(TKey)) && !typeof(IComparable).IsAssignableFrom(typeof(TKey)))
            throw new ArgumentException($"{typeof(TKey).Name} is not comparable; pass a key order so ties are broken deterministically.", nameof(keyOrder));
        this.keyEquality = keyEquality ?? EqualityComparer<TKey>.Default;
        // Culture-aware string order would make tie-breaks depend on the machine's locale.
        this.keyOrder = keyOrder ?? (typeof(TKey) == typeof(string) ? (IComparer<TKey>)StringComparer.Ordinal : Comparer<TKey>.Default);
        pending = new Dictionary<TKey, Change>(this.keyEquality);
        ids = new KeyIds<TKey>(this.keyEquality);
        state = new IndexState<TKey>(GridSnapshot<TKey>.Empty(), this.keyEquality);
    }

    public int Count => Volatile.Read(ref count);

    /// <summary>Why the last background compaction failed, if one did (a thread-pool exception would end the process).</summary>
    public Exception? LastCompactionFailure { get; private set; }

    /// <summary>How many snapshots have been installed (for metrics, and for tests to see automatic compaction happen).</summary>
    public int Compactions => Volatile.Read(ref compactions);

    /// <summary>How many compactions fitted a new grid rather than folding changes into the old one.</summary>
    internal int Refits => Volatile.Read(ref refits);

    /// <summary>Entries written since the current snapshot, which queries find through the overlay.</summary>
    internal int OverlayCount => state.OverlayCount;

    public void Upsert(TKey key, double latitude, double longitude, CapabilitySet capabilities)
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidatePoint(latitude, longitude);
        var placement = new Placement(latitude, longitude, capabilities.Mask);
        bool compact;
        lock (writeGate)
        {
            if (Lookup(key) is null) count++;
            var id = ids.Assign(key);
            pending[key] = new Change(id, placement);
            compact = CompactionDue(state.Apply(key, id, placement));
        }
        if (compact) StartCompaction();
    }

    /// <summary>Removes <paramref name="key"/>; false when it was not indexed.</summary>
    public bool Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        bool compact;
        lock (writeGate)
        {
            if (Lookup(key) is null) return false;
            count--;
            ids.TryGet(key, out var id);
            pending[key] = new Change(id, null);
            compact = CompactionDue(state.Apply(key, id, null));
        }
        if (compact) StartCompaction();
        return true;
    }

    public bool TryGet(TKey key, out IndexEntry<TKey> entry)
    {
        ArgumentNullException.ThrowIfNull(key);
        Placement? found;
        lock (writeGate) found = Lookup(key);
        entry = found is { } p ? new IndexEntry<TKey>(key, p.Latitude, p.Longitude, new CapabilitySet(p.Mask)) : default;
        return found is not null;
    }

    /// <summary>Folds every change so far into a new snapshot before returning (waiting for a running compaction first).</summary>
    public void Compact()
    {
        lock (compactionGate)
        {
            Dictionary<TKey, Change> changes;
            GridSnapshot<TKey> baseline;
            int idLimit;
            lock (writeGate)
            {
                changes = pending;
                folding = changes;
                pending = spareChanges ?? new Dictionary<TKey, Change>(keyEquality);
                spareChanges = null;
                baseline = state.Snapshot;
                idLimit = ids.Limit;
                ids.StartFold(changes);
            }

            // Read with a full fence: a query that entered the retired state after this check sees it is no longer current.
            var spare = retired is { } old && Interlocked.CompareExchange(ref old.Readers, 0, 0) == 0 ? old : null;
            retired = null;
            var snapshot = GridSnapshot<TKey>.Fold(baseline, changes, idLimit, options.PointsPerCell, spare?.Snapshot);
            var next = new IndexState<TKey>(snapshot, keyEquality, spare);

            lock (writeGate)
            {
                // Writes that arrived during the build are replayed onto the new snapshot; the build itself never held the lock.
                retired = state;
                foreach (var (key, change) in pending) next.Apply(key, change.Id, change.Placement);
                state = next;
                folding = null;
                ids.FoldInstalled(pending);
                compactions++;
                if (snapshot.Grid != baseline.Grid || snapshot.FittedCount != baseline.FittedCount) refits++;
            }
            // Only compactions (serialised by compactionGate) touch the spare, and no lookup consults this set any more.
            changes.Clear();
            spareChanges = changes;
        }
    }

    // Caller holds writeGate.
    private Placement? Lookup(TKey key)
    {
        if (pending.TryGetValue(key, out var change)) return change.Placement;
        if (folding is not null && folding.TryGetValue(key, out change)) return change.Placement;
        var snapshot = state.Snapshot;
        return ids.TryGet(key, out var id) && snapshot.SlotOf(id) is var slot and >= 0 ? snapshot.PlacementAt(slot) : null;
    }

    // Buckets are copied on write, so one crowded cell (a bulk load into an empty index, or many entries outside
    // the snapshot's box clamped into an edge cell) would make writes quadratic: refit the grid instead.
    private const int CrowdedBucket = 256;

    // Caller holds writeGate.
    private bool CompactionDue(int bucketLength) =>
        (pending.Count >= Math.Max(options.CompactAfterChanges, options.CompactAfterFraction * state.Snapshot.Count)
         || bucketLength >= CrowdedBucket)
        && folding is null
        && Interlocked.CompareExchange(ref compactionQueued, 1, 0) == 0;

    private void StartCompaction()
    {
        if (!options.CompactInBackground)
        {
            RunQueuedCompaction();
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static index => index.RunQueuedCompaction(), this, preferLocal: false);
    }

    private void RunQueuedCompaction()
    {
        try
        {
            Compact();
        }
        catch (Exception ex)
        {
            // Queries stay correct on the overlay alone; the next write past the threshold tries again.
            LastCompactionFailure = ex;
        }
        finally
        {
            Volatile.Write(ref compactionQueued, 0);
        }
    }

    private static void ValidatePoint(double latitude, double longitude)
    {
        if (!(latitude is >= -90 and <= 90)) throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "must be a finite number between -90 and 90 degrees");
        if (!(longitude is >= -180 and <= 180)) throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "must be a finite number between -180 and 180 degrees");
    }
}
