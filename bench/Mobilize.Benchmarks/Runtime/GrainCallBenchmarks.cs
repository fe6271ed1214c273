using BenchmarkDotNet.Attributes;

namespace Mobilize.Benchmarks.Runtime;

/// <summary>In-process grain calls: throughput with many concurrent callers.</summary>
/// <remarks>Per-call latency is measured by <see cref="CallLatencyProbe"/>: BenchmarkDotNet blocks on each returned task,
/// which measures a thread wake-up rather than an asynchronous caller.</remarks>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int Callers = 256;
    private const int CallsPerCaller = 2_000;
    private BenchCluster _cluster = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _cluster = await BenchCluster.StartAsync();
        await _cluster.RunClosedLoop(Callers, 10, awaiting: false); // activate every grain first
    }

    [GlobalCleanup]
    public Task Cleanup() => _cluster.DisposeAsync().AsTask();

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task Throughput_returns_at_once() => _cluster.RunClosedLoop(Callers, CallsPerCaller, awaiting: false);

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task Throughput_awaits_once() => _cluster.RunClosedLoop(Callers, CallsPerCaller, awaiting: true);
}
