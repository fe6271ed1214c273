namespace Mobilize.Grains.Dispatch.Index;

internal sealed partial class GridSnapshot<TKey>
{
    // A cell that a fold would grow past both of these is a sign the grid no longer fits where entries are.
    private const int CrowdedCell = 256;

    /// <summary>
    /// <paramref name="previous"/> with <paramref name="changes"/> folded in on the same grid: unchanged entries are
    /// block-copied between the positions that change, so the cost is a memory copy of the snapshot plus work per
    /// change, with no hashing, sorting or trigonometry per entry. Falls back to <see cref="Build"/> (a fresh grid)
    /// when the entry count has doubled or halved since the grid was fitted, or a cell would become crowded.
    /// </summary>
    /// <param name="spare">An older snapshot that no reader holds any more, whose arrays may be overwritten.</param>
    public static GridSnapshot<TKey> Fold(GridSnapshot<TKey> previous, IReadOnlyDictionary<TKey, Change> changes, int idLimit, double pointsPerCell,
        GridSnapshot<TKey>? spare = null)
    {
        if (previous.Count == 0) return Build(previous, changes, idLimit, pointsPerCell);
        var grid = previous.Grid;
        var removed = new List<int>(changes.Count);
        var addedCells = new List<int>(changes.Count);
        var added = new List<(TKey Key, Change Change)>(changes.Count);
        foreach (var (key, change) in changes)
        {
            if (previous.SlotOf(change.Id) is var slot and >= 0) removed.Add(slot);
            if (change.Placement is not { } p) continue;
            addedCells.Add(grid.CellOf(p.Latitude, p.Longitude));
            added.Add((key, change));
        }
        var count = previous.Count - removed.Count + added.Count;
        if (count > 2 * previous.FittedCount || 2 * count < previous.FittedCount) return Build(previous, changes, idLimit, pointsPerCell);

        var cellStart = CountsAfter(previous, removed, addedCells, spare);
        if (cellStart is null) return Build(previous, changes, idLimit, pointsPerCell);
        removed.Sort();
        var cells = addedCells.ToArray();
        var entries = added.ToArray();
        Array.Sort(cells, entries);

        var output = Columns.Allocate(count, spare);
        int from = 0, to = 0, r = 0, a = 0;
        while (true)
        {
            var nextRemoval = r < removed.Count ? removed[r] : int.MaxValue;
            // A new entry goes at the end of its cell's old run, which is before the next cell's first entry.
            var nextInsert = a < cells.Length ? previous.CellStart[cells[a] + 1] : int.MaxValue;
            var stop = Math.Min(Math.Min(nextRemoval, nextInsert), previous.Count);
            output.CopyFrom(previous, from, to, stop - from);
            to += stop - from;
            from = stop;
            if (nextInsert != int.MaxValue && nextInsert <= nextRemoval)
            {
                var (key, change) = entries[a++];
                output.Set(to++, key, change.Id, change.Placement!.Value);
            }
            else if (nextRemoval != int.MaxValue)
            {
                from = nextRemoval + 1;
                r++;
            }
            else break;
        }
        if (to != count) throw new InvalidOperationException($"Folding {changes.Count} changes wrote {to} entries, expected {count}.");
        return new GridSnapshot<TKey>(grid, previous.FittedCount, cellStart, count, output, SlotsOf(output.Ids, count, idLimit, spare));
    }

    /// <summary>The cell starts after the change, or null when a cell would become crowded.</summary>
    private static int[]? CountsAfter(GridSnapshot<TKey> previous, List<int> removed, List<int> addedCells, GridSnapshot<TKey>? spare)
    {
        var grid = previous.Grid;
        var old = previous.CellStart;
        var start = spare is not null && spare.CellStart.Length == grid.CellCount + 1 ? spare.CellStart : new int[grid.CellCount + 1];
        start[0] = 0;
        for (var c = 0; c < grid.CellCount; c++) start[c + 1] = old[c + 1] - old[c];
        foreach (var slot in removed) start[grid.CellOf(previous.Lat[slot], previous.Lon[slot]) + 1]--;
        foreach (var cell in addedCells)
        {
            var grown = ++start[cell + 1];
            if (grown > CrowdedCell && grown > 2 * (old[cell + 1] - old[cell])) return null;
        }
        for (var c = 0; c < grid.CellCount; c++) start[c + 1] += start[c];
        return start;
    }
}
