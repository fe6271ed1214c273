using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mobilize.TestKit.Cluster;

/// <summary>How long one grain took to answer again after a silo died, and how many calls to it failed first.</summary>
public sealed record GrainRecovery(string Name, TimeSpan Recovered, int Failures)
{
    /// <summary>A grain on a surviving silo answers in milliseconds even on a loaded machine.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(1);

    /// <summary>It failed, or its call waited, until the dead silo was declared dead: it lived there (or its directory
    /// entry did) and had to move.</summary>
    public bool Moved => Failures > 0 || Recovered > Stall;
}

/// <summary>The failover figure: from the kill on, each grain is called until a call begun after the kill succeeds,
/// and its time is when that call came back. A grain on a surviving silo answers at once; one that lived on the dead
/// silo fails or stalls until membership declares the silo dead and the grain is activated elsewhere.</summary>
public static class Recovery
{
    /// <param name="probes">A name and a GET that reaches exactly one grain, e.g. <c>/api/incidents/{id}</c>.</param>
    /// <param name="sinceKill">Started at the kill.</param>
    public static async Task<IReadOnlyList<GrainRecovery>> MeasureAsync(HttpClient node, IEnumerable<(string Name, string Url)> probes,
        Stopwatch sinceKill, TimeSpan giveUpAfter)
    {
        var results = new ConcurrentBag<GrainRecovery>();
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (probe, _) =>
        {
            var failures = 0;
            while (sinceKill.Elapsed < giveUpAfter)
            {
                var outcome = await Calls.SendOnceAsync(node, Calls.Request(HttpMethod.Get, probe.Url), giveUpAfter);
                if (outcome.Acknowledged)
                {
                    results.Add(new GrainRecovery(probe.Name, sinceKill.Elapsed, failures));
                    return;
                }
                failures++;
                await Task.Delay(50);
            }
            results.Add(new GrainRecovery(probe.Name, TimeSpan.MaxValue, failures));
        });
        return [.. results.OrderByDescending(r => r.Recovered)];
    }

    public static string Describe(IReadOnlyList<GrainRecovery> recoveries)
    {
        var moved = recoveries.Where(r => r.Moved).ToList();
        var all = recoveries.Max(r => r.Recovered);
        return $"{moved.Count} of {recoveries.Count} probed grains failed or stalled past {GrainRecovery.Stall.TotalSeconds:F0} s; " +
               $"first of them back after {(moved.Count > 0 ? moved.Min(r => r.Recovered).TotalSeconds : 0):F2} s, " +
               $"all answering after {all.TotalSeconds:F2} s (slowest: {string.Join(", ", recoveries.Take(3).Select(r => $"{r.Name} {r.Recovered.TotalSeconds:F2} s"))})";
    }

    /// <summary>The 1-, 5- and 15-minute load averages, to print beside any figure taken on a shared machine.</summary>
    public static string Load() => File.ReadAllText("/proc/loadavg").Trim();
}
