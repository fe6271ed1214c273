using BenchmarkDotNet.Attributes;

namespace Mobilize.Benchmarks.Runtime;

/// <summary>In-process grain calls: throughput with many concurrent callers, and one caller's round trip.</summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int Callers = 256;
    private const int CallsPerCaller = 2_000;
    private BenchCluster _cluster = null!;
    private IPingGrain _single = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _cluster = await BenchCluster.StartAsync();
        _single = _cluster.Grains.GetGrain<IPingGrain>(-1);
        await _cluster.RunClosedLoop(Callers, 10, awaiting: false); // activate every grain first
    }

    [GlobalCleanup]
    public Task Cleanup() => _cluster.DisposeAsync().AsTask();

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task Throughput_returns_at_once() => _cluster.RunClosedLoop(Callers, CallsPerCaller, awaiting: false);

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task Throughput_awaits_once() => _cluster.RunClosedLoop(Callers, CallsPerCaller, awaiting: true);

    [Benchmark]
    public Task<int> Round_trip_returns_at_once() => _single.Ping(1);

    [Benchmark]
    public Task<int> Round_trip_awaits_once() => _single.PingAwaiting(1);
}
