using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Mobilize.Benchmarks.Runtime;
using Mobilize.Grains;
using Mobilize.Grains.Registry;

namespace Mobilize.Benchmarks.Flow;

/// <summary>One invocation = every volunteer reports a new place once (<see cref="LocationFlowProbe"/> explains what a
/// report costs). In-process toolchain, so the run does not rebuild into shared folders.</summary>
[Config(typeof(InProcessShortRun))]
[MedianColumn, MinColumn, MaxColumn]
public class LocationFlowBenchmarks
{
    private const int Teams = 10_000;
    private const int Members = 5;
    private const int Reports = Teams * Members;
    private const int Callers = 256;

    private FlowWorld _world = null!;
    private IVolunteerGrain[] _volunteers = [];
    private IPingGrain[] _pings = [];
    private int _round;

    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    [GlobalSetup]
    public void Setup()
    {
        _world = FlowWorld.StartAsync().GetAwaiter().GetResult();
        _world.PopulateAsync(Teams, Members).GetAwaiter().GetResult();
        _volunteers = [.. _world.Volunteers.Select(v => _world.Grains.Volunteer(v))];
        _pings = [.. Enumerable.Range(0, Reports).Select(i => _world.Grains.GetGrain<IPingGrain>(i))];
    }

    [GlobalCleanup]
    public void Cleanup() => _world.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Reports, Description = "empty grain call (baseline)")]
    public Task EmptyGrainCall() => LocationFlowProbe.PingRound(_pings, Callers);

    [Benchmark(OperationsPerInvoke = Reports, Description = "IVolunteerGrain.ReportLocation")]
    public Task ReportLocation() => LocationFlowProbe.ReportRound(_volunteers, Callers, ++_round);
}
