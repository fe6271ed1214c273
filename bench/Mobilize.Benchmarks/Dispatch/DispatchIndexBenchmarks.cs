using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Mobilize.Grains.Dispatch.Index;

namespace Mobilize.Benchmarks.Dispatch;

/// <summary>k = 10 nearest with a capability filter (about half qualify) over 1,000,000 points placed like a province.</summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class DispatchQueryBenchmarks
{
    private ProvinceData data = null!;
    private GeoGridIndex<int> index = null!;
    private StrTreeNearest strTree = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        data = new ProvinceData();
        index = data.BuildIndex();
        strTree = new StrTreeNearest(data.BuildStrTree(), data.Mask);
    }

    private int NextQuery() => next = (next + 1) & (data.QueryLat.Length - 1);

    [Benchmark(Baseline = true, Description = "NTS STRtree k-NN, filtered item distance")]
    public int StrTree()
    {
        var q = NextQuery();
        return strTree.Nearest(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required).Length;
    }

    [Benchmark(Description = "GeoGridIndex.Nearest")]
    public int Grid()
    {
        var q = NextQuery();
        return index.Nearest(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required, double.PositiveInfinity).Count;
    }

    [Benchmark(Description = "Brute force over 1 M")]
    public int BruteForce()
    {
        var q = NextQuery();
        return data.BruteForce(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required).Length;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In process: BenchmarkDotNet would otherwise rebuild the solution into the shared bin folders.
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithIterationCount(8));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.OperationsPerSecond);
            WithOption(ConfigOptions.JoinSummary, true);
        }
    }
}

/// <summary>Location updates per second into a 1 M index, with background compaction as configured for production.</summary>
[Config(typeof(Config))]
public class DispatchUpsertBenchmarks
{
    public const int UpsertsPerInvoke = 100_000;

    private ProvinceData data = null!;
    private GeoGridIndex<int> index = null!;
    private int next;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        data = new ProvinceData();
        index = data.BuildIndex();
        // Production options from here on: compaction in the background after 1/8 of the index changed.
        var production = new GeoGridIndex<int>();
        for (var i = 0; i < data.Count; i++) production.Upsert(i, data.Lat[i], data.Lon[i], new CapabilitySet(data.Mask[i]));
        production.Compact();
        index = production;
    }

    [Benchmark(OperationsPerInvoke = UpsertsPerInvoke)]
    public void Upserts()
    {
        var start = next;
        next = (next + UpsertsPerInvoke) & (data.Moves.Length - 1);
        if (Threads == 1)
        {
            Move(start, UpsertsPerInvoke);
            return;
        }
        var share = UpsertsPerInvoke / Threads;
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() => Move(start + t * share, share))).ToArray();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();
    }

    private void Move(int from, int count)
    {
        var moves = data.Moves;
        for (var i = 0; i < count; i++)
        {
            var (key, lat, lon) = moves[(from + i) & (moves.Length - 1)];
            index.Upsert(key, lat, lon, new CapabilitySet(data.Mask[key]));
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithIterationCount(8));
            AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
            WithOption(ConfigOptions.JoinSummary, true);
        }
    }
}
