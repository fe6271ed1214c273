namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// One query's working state, reused per thread so the query path allocates only its result: rings of cells are
/// visited outward from the query's cell until nothing unvisited can be nearer than the k-th best (or within the
/// radius). Inside a cell the capability mask and the stale flag are checked first, then the squared chord
/// against the current k-th best, and only the few survivors get the exact haversine.
/// </summary>
internal sealed class GridSearch<TKey> where TKey : notnull
{
    [ThreadStatic] private static GridSearch<TKey>? perThread;

    private Candidate[] heap = new Candidate[16];
    private readonly List<Candidate> all = [];
    private int heapCount;
    private bool busy;
    private readonly Comparison<Candidate> ascending;

    private IndexState<TKey> state = null!;
    private GridSnapshot<TKey> snapshot = null!;
    private IComparer<TKey> order = null!;
    private IEqualityComparer<TKey> equality = null!;
    private int writesAtStart;
    private Func<TKey, bool>? exclude;
    private double qLat, qLon, cosQ, qx, qy, qz, radius, radiusLimit2, limit2;
    private ulong required;
    private int k;
    private bool collectAll;

    private GridSearch() => ascending = (a, b) => Compare(a, b);

    private readonly record struct Candidate(double Distance, TKey Key, double Lat, double Lon, ulong Mask);

    /// <param name="k">How many to return, or 0 for all within the radius.</param>
    public static Neighbor<TKey>[] Run(IndexState<TKey> state, IComparer<TKey> order, IEqualityComparer<TKey> equality, double lat, double lon, int k,
        ulong required, double radius, Func<TKey, bool>? exclude)
    {
        var search = perThread;
        // A new instance when the exclude callback itself queries the index on this thread.
        if (search is null || search.busy) search = perThread is null ? perThread = new() : new();
        search.busy = true;
        try
        {
            search.equality = equality;
            return search.Execute(state, order, lat, lon, k, required, radius, exclude);
        }
        finally
        {
            Array.Clear(search.heap, 0, search.heapCount);
            search.heapCount = 0;
            search.all.Clear();
            (search.state, search.snapshot, search.exclude) = (null!, null!, null);
            search.busy = false;
        }
    }

    private Neighbor<TKey>[] Execute(IndexState<TKey> state, IComparer<TKey> order, double lat, double lon, int k,
        ulong required, double radius, Func<TKey, bool>? exclude)
    {
        (this.state, snapshot, this.order, this.exclude) = (state, state.Snapshot, order, exclude);
        writesAtStart = state.Writes;
        (qLat, qLon, cosQ, this.radius, this.required, this.k, collectAll) = (lat, lon, GeoMath.CosLat(lat), radius, required, k, k == 0);
        (qx, qy, qz) = GeoMath.UnitVector(lat, lon);
        radiusLimit2 = limit2 = GeoMath.ChordLimitSquared(radius);
        if (heap.Length < k) heap = new Candidate[k];

        var grid = snapshot.Grid;
        int cy = grid.RowOf(lat), cx = grid.ColOf(lon);
        for (var r = 0; ; r++)
        {
            int r0 = cy - r, r1 = cy + r, c0 = cx - r, c1 = cx + r;
            int cr0 = Math.Max(r0, 0), cr1 = Math.Min(r1, grid.Rows - 1), cc0 = Math.Max(c0, 0), cc1 = Math.Min(c1, grid.Cols - 1);
            if (r == 0)
            {
                ScanRow(cy, cx, cx);
            }
            else
            {
                if (r0 >= 0) ScanRow(r0, cc0, cc1);
                if (r1 < grid.Rows) ScanRow(r1, cc0, cc1);
                for (var row = Math.Max(r0 + 1, 0); row <= Math.Min(r1 - 1, grid.Rows - 1); row++)
                {
                    if (c0 >= 0) ScanRow(row, c0, c0);
                    if (c1 < grid.Cols) ScanRow(row, c1, c1);
                }
            }

            var outside = grid.DistanceOutsideBlock(cr0, cr1, cc0, cc1, lat, lon, cosQ);
            if (double.IsPositiveInfinity(outside) || outside > radius) break;
            if (!collectAll && heapCount == k && outside > heap[0].Distance) break;
        }
        return collectAll ? SortedAll() : SortedHeap();
    }

    private void ScanRow(int row, int fromCol, int toCol)
    {
        var cols = snapshot.Grid.Cols;
        var first = row * cols + fromCol;
        ScanRun(snapshot.CellStart[first], snapshot.CellStart[row * cols + toCol + 1]);
        if (state.OverlayCount == 0) return;
        var overlay = state.Overlay;
        for (var cell = first; cell <= row * cols + toCol; cell++)
        {
            var bucket = Volatile.Read(ref overlay[cell]);
            if (bucket is null) continue;
            foreach (ref readonly var e in bucket.AsSpan())
            {
                if ((e.Mask & required) != required) continue;
                double dx = e.X - qx, dy = e.Y - qy, dz = e.Z - qz;
                if (dx * dx + dy * dy + dz * dz > limit2) continue;
                Consider(e.Key, e.Lat, e.Lon, e.Mask);
            }
        }
    }

    private void ScanRun(int start, int end)
    {
        var mask = snapshot.Mask;
        var shadowed = state.Shadowed;
        double[] xs = snapshot.X, ys = snapshot.Y, zs = snapshot.Z;
        var limit = limit2;
        var need = required;
        for (var i = start; i < end; i++)
        {
            var m = mask[i];
            if ((m & need) != need || shadowed[i] != 0) continue;
            double dx = xs[i] - qx, dy = ys[i] - qy, dz = zs[i] - qz;
            if (dx * dx + dy * dy + dz * dz > limit) continue;
            Consider(snapshot.Keys[i], snapshot.Lat[i], snapshot.Lon[i], m);
            limit = limit2;
        }
    }

    private void Consider(TKey key, double lat, double lon, ulong mask)
    {
        var distance = GeoMath.Haversine(qLat, qLon, cosQ, lat, lon);
        if (distance > radius) return;
        if (collectAll)
        {
            all.Add(new Candidate(distance, key, lat, lon, mask));
            return;
        }
        if (heapCount == k && Compare(distance, key, heap[0]) >= 0) return;
        if (exclude is not null && exclude(key)) return;

        var candidate = new Candidate(distance, key, lat, lon, mask);
        if (MayHoldTwoCopies && ReplacedCopy(candidate)) return;
        if (heapCount < k)
        {
            heap[heapCount] = candidate;
            SiftUp(heapCount++);
        }
        else
        {
            heap[0] = candidate;
            SiftDown(0);
        }
        if (heapCount == k) limit2 = Math.Min(radiusLimit2, GeoMath.ChordLimitSquared(heap[0].Distance));
    }

    // A write ran during the query, or one was under way when it started (see IndexState.Writes).
    private bool MayHoldTwoCopies => (writesAtStart & 1) != 0 || state.Writes != writesAtStart;

    /// <summary>True when the heap already holds this key (a concurrent write showed us two copies); keeps the nearer.</summary>
    private bool ReplacedCopy(in Candidate candidate)
    {
        for (var i = 0; i < heapCount; i++)
        {
            if (!equality.Equals(heap[i].Key, candidate.Key)) continue;
            if (Compare(candidate, heap[i]) < 0)
            {
                heap[i] = candidate;
                SiftDown(i);
            }
            return true;
        }
        return false;
    }

    private int Compare(double distance, TKey key, in Candidate other) =>
        distance != other.Distance ? distance.CompareTo(other.Distance) : order.Compare(key, other.Key);

    private int Compare(in Candidate a, in Candidate b) => Compare(a.Distance, a.Key, b);

    // A max-heap on (distance, key): the root is the current k-th best, the one to evict.
    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (Compare(heap[i], heap[parent]) <= 0) return;
            (heap[i], heap[parent]) = (heap[parent], heap[i]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, largest = i;
            if (left < heapCount && Compare(heap[left], heap[largest]) > 0) largest = left;
            if (right < heapCount && Compare(heap[right], heap[largest]) > 0) largest = right;
            if (largest == i) return;
            (heap[i], heap[largest]) = (heap[largest], heap[i]);
            i = largest;
        }
    }

    private Neighbor<TKey>[] SortedHeap()
    {
        var span = heap.AsSpan(0, heapCount);
        span.Sort(ascending);
        var result = new Neighbor<TKey>[span.Length];
        for (var i = 0; i < span.Length; i++) result[i] = ToNeighbor(span[i]);
        return result;
    }

    private Neighbor<TKey>[] SortedAll()
    {
        all.Sort(ascending);
        if (MayHoldTwoCopies)
        {
            var seen = new HashSet<TKey>(equality);
            all.RemoveAll(c => !seen.Add(c.Key));
        }
        var result = new Neighbor<TKey>[all.Count];
        for (var i = 0; i < all.Count; i++) result[i] = ToNeighbor(all[i]);
        return result;
    }

    private static Neighbor<TKey> ToNeighbor(in Candidate c) => new(c.Key, c.Lat, c.Lon, new CapabilitySet(c.Mask), c.Distance);
}
