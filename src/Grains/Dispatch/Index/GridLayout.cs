namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// A uniform latitude/longitude grid over the bounding box of a snapshot, cells numbered row-major (south to north,
/// west to east) so that a row of cells is one contiguous run in the snapshot's arrays.
/// Points outside the box are clamped into the edge cells, which keeps ring bounds valid: a clamped point lies
/// further out than its cell, never nearer.
/// </summary>
internal readonly record struct GridLayout(double MinLat, double MinLon, double CellLat, double CellLon, int Rows, int Cols)
{
    private const int CoarseSide = 64;
    private const int MaxCells = 1 << 22;
    private const double MinCellDegrees = 1e-5;

    public int CellCount => Rows * Cols;

    /// <summary>Before anything is indexed: one-degree cells over the world, enough to hold an overlay.</summary>
    public static GridLayout World => new(-90, -180, 1, 1, 180, 360);

    public int RowOf(double lat) => Math.Clamp((int)Math.Floor((lat - MinLat) / CellLat), 0, Rows - 1);

    public int ColOf(double lon) => Math.Clamp((int)Math.Floor((lon - MinLon) / CellLon), 0, Cols - 1);

    public int CellOf(double lat, double lon) => RowOf(lat) * Cols + ColOf(lon);

    /// <summary>
    /// A lower bound on the distance from the query to any point in a cell outside rows r0..r1 × columns c0..c1,
    /// or +∞ when that block is the whole grid.
    /// </summary>
    public double DistanceOutsideBlock(int r0, int r1, int c0, int c1, double lat, double lon, double cosLat)
    {
        var bound = double.PositiveInfinity;
        if (r0 > 0) bound = Math.Min(bound, GeoMath.LatitudeGapMeters(lat - (MinLat + r0 * CellLat)));
        if (r1 < Rows - 1) bound = Math.Min(bound, GeoMath.LatitudeGapMeters(MinLat + (r1 + 1) * CellLat - lat));
        // Going the other way round the antimeridian can be shorter than the gap inside the grid.
        if (c0 > 0) bound = Math.Min(bound, GeoMath.LongitudeGapMeters(Math.Min(lon - (MinLon + c0 * CellLon), 180 - lon), cosLat));
        if (c1 < Cols - 1) bound = Math.Min(bound, GeoMath.LongitudeGapMeters(Math.Min(MinLon + (c1 + 1) * CellLon - lon, 180 + lon), cosLat));
        return bound;
    }

    /// <summary>
    /// Sizes cells so that the typical point (the median by local density, not the mean over a mostly empty
    /// bounding box) shares its cell with about <paramref name="pointsPerCell"/> others: teams cluster in cities,
    /// and queries come from where the teams are.
    /// </summary>
    public static GridLayout Fit(ReadOnlySpan<double> lats, ReadOnlySpan<double> lons, double pointsPerCell)
    {
        if (lats.Length == 0) return World;
        double minLat = double.MaxValue, maxLat = double.MinValue, minLon = double.MaxValue, maxLon = double.MinValue;
        for (var i = 0; i < lats.Length; i++)
        {
            minLat = Math.Min(minLat, lats[i]);
            maxLat = Math.Max(maxLat, lats[i]);
            minLon = Math.Min(minLon, lons[i]);
            maxLon = Math.Max(maxLon, lons[i]);
        }

        // Cells are made square on the ground at the middle latitude, so rings grow evenly in every direction.
        var lonScale = Math.Max(GeoMath.CosLat((minLat + maxLat) / 2), 0.05);
        var latSpan = Math.Max(maxLat - minLat, MinCellDegrees);
        var lonSpan = Math.Max(maxLon - minLon, MinCellDegrees);

        var medianCount = MedianCoarseCount(lats, lons, minLat, minLon, latSpan, lonSpan);
        var coarseArea = latSpan / CoarseSide * (lonSpan * lonScale / CoarseSide);
        var cellLat = Math.Sqrt(pointsPerCell * coarseArea / medianCount);

        var maxCells = Math.Min(MaxCells, Math.Max(64, 2 * lats.Length));
        cellLat = Math.Max(cellLat, MinCellDegrees);
        while ((latSpan / cellLat + 1) * (lonSpan * lonScale / cellLat + 1) > maxCells) cellLat *= 1.25;

        var cellLon = cellLat / lonScale;
        var rows = (int)Math.Floor((maxLat - minLat) / cellLat) + 1;
        var cols = (int)Math.Floor((maxLon - minLon) / cellLon) + 1;
        return new GridLayout(minLat, minLon, cellLat, cellLon, rows, cols);
    }

    private static double MedianCoarseCount(ReadOnlySpan<double> lats, ReadOnlySpan<double> lons, double minLat, double minLon, double latSpan, double lonSpan)
    {
        var counts = new int[CoarseSide * CoarseSide];
        for (var i = 0; i < lats.Length; i++) counts[CoarseIndex(lats[i], lons[i], minLat, minLon, latSpan, lonSpan)]++;
        var sorted = (int[])counts.Clone();
        Array.Sort(sorted);
        // Walk from the densest coarse cell until half of all points are accounted for.
        long seen = 0;
        for (var i = sorted.Length - 1; i >= 0; i--)
        {
            seen += sorted[i];
            if (2 * seen >= lats.Length) return Math.Max(sorted[i], 1);
        }
        return 1;
    }

    private static int CoarseIndex(double lat, double lon, double minLat, double minLon, double latSpan, double lonSpan)
    {
        var row = Math.Clamp((int)((lat - minLat) / latSpan * CoarseSide), 0, CoarseSide - 1);
        var col = Math.Clamp((int)((lon - minLon) / lonSpan * CoarseSide), 0, CoarseSide - 1);
        return row * CoarseSide + col;
    }
}
