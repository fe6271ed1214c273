using Mobilize.Actors.Hosting;
using Mobilize.TestKit;

namespace Mobilize.Actors.Tests;

internal static class Cluster
{
    public static Task<TestCluster> StartAsync(Action<ActorRuntimeBuilder>? configure = null) =>
        TestCluster.StartAsync(runtime =>
        {
            runtime.AddGrains(typeof(Cluster).Assembly).AddMemoryGrainStorage();
            configure?.Invoke(runtime);
        });

    public static string Key() => Guid.NewGuid().ToString("N");

    /// <summary>Waits (without sleeping) until <paramref name="condition"/> holds, for state reached on another thread.</summary>
    public static async Task Until(Func<Task<bool>> condition, int attempts = 2000)
    {
        for (var i = 0; i < attempts; i++)
        {
            if (await condition()) return;
            await Task.Yield();
            await Task.Delay(1);
        }
        throw new TimeoutException("Condition not reached.");
    }
}
