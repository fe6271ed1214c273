using Mobilize.Grains.Dispatch.Index;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Mobilize.Benchmarks.Dispatch;

/// <summary>
/// The fairest capability-filtered k-nearest STRtree offers: its branch-and-bound k-NN with an item distance that
/// is infinite for points lacking a required capability, so they are never kept but branches are still pruned.
/// Distances are planar degrees (what STRtree can do), which is cheaper than haversine, not dearer.
/// </summary>
public sealed class StrTreeNearest(STRtree<int> tree, ulong[] masks)
{
    public int[] Nearest(double lat, double lon, int k, CapabilitySet required)
    {
        var distance = new FilteredDistance(masks, required.Mask);
        return tree.NearestNeighbour(new Envelope(lon, lon, lat, lat), -1, distance, k);
    }

    private sealed class FilteredDistance(ulong[] masks, ulong required) : IItemDistance<Envelope, int>
    {
        public double Distance(IBoundable<Envelope, int> item1, IBoundable<Envelope, int> item2)
        {
            // item2 is the query (-1) in one argument order or the other; the candidate is whichever is not.
            var candidate = item1.Item == -1 ? item2 : item1;
            if ((masks[candidate.Item] & required) != required) return double.PositiveInfinity;
            return item1.Bounds.Distance(item2.Bounds);
        }
    }
}
