using BenchmarkDotNet.Running;

if (args is ["dispatch-latency", .. var rest])
{
    Mobilize.Benchmarks.Dispatch.LatencyProbe.Run(rest);
    return;
}

if (args is ["runtime-latency", .. var runtimeArgs])
{
    Mobilize.Benchmarks.Runtime.CallLatencyProbe.Run(runtimeArgs);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
