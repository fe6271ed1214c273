using BenchmarkDotNet.Running;

if (args is ["dispatch-latency", .. var rest])
{
    Mobilize.Benchmarks.Dispatch.LatencyProbe.Run(rest);
    return;
}

if (args is ["dispatch-postgis", .. var postgisArgs])
{
    Mobilize.Benchmarks.Dispatch.PostgisKnnProbe.Run(postgisArgs);
    return;
}

if (args is ["runtime-latency", .. var runtimeArgs])
{
    Mobilize.Benchmarks.Runtime.CallLatencyProbe.Run(runtimeArgs);
    return;
}

if (args is ["runtime-cross-silo", .. var crossSiloArgs])
{
    Mobilize.Benchmarks.Runtime.CrossSiloProbe.Run(crossSiloArgs);
    return;
}

if (args is ["flow-locations", .. var flowArgs])
{
    Mobilize.Benchmarks.Flow.LocationFlowProbe.Run(flowArgs);
    return;
}

if (args is ["flow-callout", .. var calloutArgs])
{
    Mobilize.Benchmarks.Flow.CalloutLatencyProbe.Run(calloutArgs);
    return;
}

if (args is ["flow-restart", .. var restartArgs])
{
    Mobilize.Benchmarks.Flow.RestartProbe.Run(restartArgs);
    return;
}

if (args is ["cluster-directory", .. var clusterArgs])
{
    Mobilize.Benchmarks.Cluster.DirectoryStalenessProbe.Run(clusterArgs);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
