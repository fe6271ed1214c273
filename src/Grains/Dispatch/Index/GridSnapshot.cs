namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// An immutable set of entries in cell order, as parallel flat arrays: a query scans a few contiguous runs and
/// touches only the columns it needs (the mask first, then the unit vector, the coordinates for survivors only).
/// </summary>
internal sealed class GridSnapshot<TKey> where TKey : notnull
{
    private GridSnapshot(GridLayout grid, int[] cellStart, double[] lat, double[] lon, double[] x, double[] y, double[] z,
        ulong[] mask, TKey[] keys, Dictionary<TKey, int> slots)
    {
        Grid = grid;
        CellStart = cellStart;
        Lat = lat;
        Lon = lon;
        X = x;
        Y = y;
        Z = z;
        Mask = mask;
        Keys = keys;
        Slots = slots;
    }

    public GridLayout Grid { get; }

    /// <summary>Entries of cell c are at positions CellStart[c] .. CellStart[c + 1] - 1.</summary>
    public int[] CellStart { get; }
    public double[] Lat { get; }
    public double[] Lon { get; }
    public double[] X { get; }
    public double[] Y { get; }
    public double[] Z { get; }
    public ulong[] Mask { get; }
    public TKey[] Keys { get; }

    /// <summary>Position of each key, so a write can hide the stale copy without a rebuild.</summary>
    public Dictionary<TKey, int> Slots { get; }

    public int Count => Keys.Length;

    public static GridSnapshot<TKey> Empty(IEqualityComparer<TKey> keyEquality) =>
        new(GridLayout.World, new int[GridLayout.World.CellCount + 1], [], [], [], [], [], [], [], new(keyEquality));

    public Placement PlacementAt(int slot) => new(Lat[slot], Lon[slot], Mask[slot]);

    /// <summary>
    /// <paramref name="previous"/> with <paramref name="changes"/> folded in (a null value is a removal), laid out on
    /// a grid fitted to the result. Reads only immutable inputs, so it runs while writers carry on.
    /// </summary>
    public static GridSnapshot<TKey> Build(GridSnapshot<TKey> previous, IReadOnlyDictionary<TKey, Placement?> changes,
        IEqualityComparer<TKey> keyEquality, double pointsPerCell)
    {
        var capacity = previous.Count + changes.Count;
        var lats = new double[capacity];
        var lons = new double[capacity];
        var masks = new ulong[capacity];
        var keys = new TKey[capacity];
        var n = 0;
        for (var i = 0; i < previous.Count; i++)
        {
            if (changes.ContainsKey(previous.Keys[i])) continue;
            (lats[n], lons[n], masks[n], keys[n]) = (previous.Lat[i], previous.Lon[i], previous.Mask[i], previous.Keys[i]);
            n++;
        }
        foreach (var (key, change) in changes)
        {
            if (change is not { } p) continue;
            (lats[n], lons[n], masks[n], keys[n]) = (p.Latitude, p.Longitude, p.Mask, key);
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
        var outLat = new double[n];
        var outLon = new double[n];
        var outX = new double[n];
        var outY = new double[n];
        var outZ = new double[n];
        var outMask = new ulong[n];
        var outKeys = new TKey[n];
        var slots = new Dictionary<TKey, int>(n, keyEquality);
        for (var i = 0; i < n; i++)
        {
            var at = cursor[cellOf[i]]++;
            outLat[at] = lats[i];
            outLon[at] = lons[i];
            (outX[at], outY[at], outZ[at]) = GeoMath.UnitVector(lats[i], lons[i]);
            outMask[at] = masks[i];
            outKeys[at] = keys[i];
            slots.Add(keys[i], at);
        }
        return new GridSnapshot<TKey>(grid, cellStart, outLat, outLon, outX, outY, outZ, outMask, outKeys, slots);
    }
}
