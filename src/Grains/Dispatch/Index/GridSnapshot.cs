namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// An immutable set of entries in cell order, as parallel flat arrays: a query scans a few contiguous runs and
/// touches only the columns it needs (the mask first, then the unit vector, the coordinates for survivors only).
/// </summary>
/// <remarks>
/// Holds only arrays of numbers (and the keys), never one object per entry or per cell, so the garbage collector has
/// almost nothing to trace in it however many entries it holds.
/// </remarks>
internal sealed partial class GridSnapshot<TKey> where TKey : notnull
{
    private GridSnapshot(GridLayout grid, int fittedCount, int[] cellStart, int count, Columns columns, int[] slotOfId)
    {
        Grid = grid;
        Count = count;
        FittedCount = fittedCount;
        CellStart = cellStart;
        (Lat, Lon, X, Y, Z, Mask, Keys, Ids) = (columns.Lat, columns.Lon, columns.X, columns.Y, columns.Z, columns.Mask, columns.Keys, columns.Ids);
        SlotOfId = slotOfId;
    }

    public GridLayout Grid { get; }

    /// <summary>How many entries the grid was fitted to; far more or far fewer means it is time to fit it again.</summary>
    public int FittedCount { get; }

    /// <summary>Entries of cell c are at positions CellStart[c] .. CellStart[c + 1] - 1.</summary>
    public int[] CellStart { get; }
    public double[] Lat { get; }
    public double[] Lon { get; }
    public double[] X { get; }
    public double[] Y { get; }
    public double[] Z { get; }
    public ulong[] Mask { get; }
    public TKey[] Keys { get; }

    /// <summary>The index's stable id of the key at each position.</summary>
    public int[] Ids { get; }

    /// <summary>Position of each key id (-1 when absent), so a write can hide the stale copy without a rebuild.</summary>
    public int[] SlotOfId { get; }

    /// <summary>Entries at positions 0 .. Count - 1; the arrays may be longer when they were reused from an older snapshot.</summary>
    public int Count { get; }

    public static GridSnapshot<TKey> Empty() =>
        new(GridLayout.World, 0, new int[GridLayout.World.CellCount + 1], 0, Columns.Allocate(0, null), []);

    public int SlotOf(int id) => id < SlotOfId.Length ? SlotOfId[id] : -1;

    public Placement PlacementAt(int slot) => new(Lat[slot], Lon[slot], Mask[slot]);

    /// <summary>
    /// <paramref name="previous"/> with <paramref name="changes"/> folded in (a null placement is a removal), laid out
    /// on a grid fitted afresh to the result. Reads only immutable inputs, so it runs while writers carry on.
    /// </summary>
    /// <param name="idLimit">One more than the largest key id in use.</param>
    public static GridSnapshot<TKey> Build(GridSnapshot<TKey> previous, IReadOnlyDictionary<TKey, Change> changes, int idLimit, double pointsPerCell)
    {
        var capacity = previous.Count + changes.Count;
        var lats = new double[capacity];
        var lons = new double[capacity];
        var masks = new ulong[capacity];
        var keys = new TKey[capacity];
        var ids = new int[capacity];
        var changed = new bool[previous.Count];
        foreach (var change in changes.Values)
            if (previous.SlotOf(change.Id) is var slot and >= 0) changed[slot] = true;
        var n = 0;
        for (var i = 0; i < previous.Count; i++)
        {
            if (changed[i]) continue;
            (lats[n], lons[n], masks[n], keys[n], ids[n]) = (previous.Lat[i], previous.Lon[i], previous.Mask[i], previous.Keys[i], previous.Ids[i]);
            n++;
        }
        foreach (var (key, change) in changes)
        {
            if (change.Placement is not { } p) continue;
            (lats[n], lons[n], masks[n], keys[n], ids[n]) = (p.Latitude, p.Longitude, p.Mask, key, change.Id);
            n++;
        }

        var grid = GridLayout.Fit(lats.AsSpan(0, n), lons.AsSpan(0, n), pointsPerCell);
        var cellOf = new int[n];
        var cellStart = new int[grid.CellCount + 1];
        for (var i = 0; i < n; i++)
        {
            cellOf[i] = grid.CellOf(lats[i], lons[i]);
            cellStart[cellOf[i] + 1]++;
        }
        for (var c = 0; c < grid.CellCount; c++) cellStart[c + 1] += cellStart[c];

        // Counting sort into cell order; the cursor array is the only scratch the build needs beyond the output.
        var cursor = cellStart.AsSpan(0, grid.CellCount).ToArray();
        var output = Columns.Allocate(n, null);
        for (var i = 0; i < n; i++)
        {
            var at = cursor[cellOf[i]]++;
            output.Set(at, keys[i], ids[i], new Placement(lats[i], lons[i], masks[i]));
        }
        return new GridSnapshot<TKey>(grid, n, cellStart, n, output, SlotsOf(output.Ids, n, idLimit, null));
    }

    private static int[] SlotsOf(int[] ids, int count, int idLimit, GridSnapshot<TKey>? spare)
    {
        var slots = spare is not null && spare.SlotOfId.Length >= idLimit ? spare.SlotOfId : GC.AllocateUninitializedArray<int>(idLimit);
        Array.Fill(slots, -1);
        for (var i = 0; i < count; i++) slots[ids[i]] = i;
        return slots;
    }

    /// <summary>The snapshot's per-entry arrays, filled by a build or a fold before the snapshot is published.</summary>
    private readonly record struct Columns(double[] Lat, double[] Lon, double[] X, double[] Y, double[] Z, ulong[] Mask, TKey[] Keys, int[] Ids)
    {
        /// <summary>
        /// Arrays for <paramref name="n"/> entries: those of <paramref name="spare"/> (a snapshot no reader holds any
        /// more) when they are large enough and not much too large, else new ones. Every element below n is written
        /// before anyone reads it, so new arrays need not be zeroed first.
        /// </summary>
        public static Columns Allocate(int n, GridSnapshot<TKey>? spare)
        {
            if (spare is not null && spare.Keys.Length >= n && spare.Keys.Length <= n + n / 4)
                return new(spare.Lat, spare.Lon, spare.X, spare.Y, spare.Z, spare.Mask, spare.Keys, spare.Ids);
            // Headroom, so later folds can reuse these arrays while the count drifts up a little.
            var length = n + n / 16;
            return new(GC.AllocateUninitializedArray<double>(length), GC.AllocateUninitializedArray<double>(length),
                GC.AllocateUninitializedArray<double>(length), GC.AllocateUninitializedArray<double>(length), GC.AllocateUninitializedArray<double>(length),
                GC.AllocateUninitializedArray<ulong>(length), new TKey[length], GC.AllocateUninitializedArray<int>(length));
        }

        public void Set(int at, TKey key, int id, Placement p)
        {
            (Lat[at], Lon[at], Mask[at], Keys[at], Ids[at]) = (p.Latitude, p.Longitude, p.Mask, key, id);
            (X[at], Y[at], Z[at]) = GeoMath.UnitVector(p.Latitude, p.Longitude);
        }

        /// <summary>Copies positions from .. from + length - 1 of <paramref name="source"/> to <paramref name="to"/>.</summary>
        public void CopyFrom(GridSnapshot<TKey> source, int from, int to, int length)
        {
            if (length == 0) return;
            Array.Copy(source.Lat, from, Lat, to, length);
            Array.Copy(source.Lon, from, Lon, to, length);
            Array.Copy(source.X, from, X, to, length);
            Array.Copy(source.Y, from, Y, to, length);
            Array.Copy(source.Z, from, Z, to, length);
            Array.Copy(source.Mask, from, Mask, to, length);
            Array.Copy(source.Keys, from, Keys, to, length);
            Array.Copy(source.Ids, from, Ids, to, length);
        }
    }
}
