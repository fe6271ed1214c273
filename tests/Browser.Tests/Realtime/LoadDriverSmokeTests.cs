using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Mobilize.Browser.Tests.Realtime;

/// <summary>The live-connection load driver (tools/load) at small N against a server of its own: every alert and every
/// offer it pushes must reach every phone. The 20,000-connection figures come from the same driver (docs/benchmarks).</summary>
public sealed class LoadDriverSmokeTests
{
    [Fact]
    public async Task the_load_driver_delivers_every_standby_alert_and_offer_to_a_hundred_live_phones()
    {
        var output = Path.Combine(Path.GetTempPath(), $"mobilize-live-smoke-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("node",
        [
            Driver(), "--connections", "100", "--team-size", "10", "--hold", "9", "--interval", "1000",
            "--callout-every", "4000", "--callout-hold", "2000", "--drain", "3000", "--processes", "2", "--sources", "2",
            // Latency is measured in benchmarks, not asserted in tests: only losses fail this run.
            "--target-p99", "60000", "--api-dll", Path.Combine(AppContext.BaseDirectory, "Mobilize.Api.dll"), "--out", output,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var driver = Process.Start(start)!;
        var stdout = driver.StandardOutput.ReadToEndAsync();
        var stderr = driver.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await driver.WaitForExitAsync(timeout.Token);
            Assert.True(driver.ExitCode == 0, $"driver exited {driver.ExitCode}:\n{await stdout}\n{await stderr}");

            var report = JsonNode.Parse(await File.ReadAllTextAsync(output))!;
            Assert.Equal(100, (int)report["connections"]!["opened"]!);
            var alerts = report["alerts"]!;
            Assert.Equal(0, (int)alerts["lost"]!);
            Assert.True((int)alerts["expected"]! >= 100 * 8, $"only {(int)alerts["expected"]!} alerts were sent in 9 s at one a second");
            Assert.Equal((int)alerts["expected"]!, (int)alerts["delivered"]!);
            var offers = report["offers"]!;
            Assert.True((int)offers["callouts"]! >= 1 && (int)offers["expected"]! > 0, "no callout reached a phone");
            Assert.Equal((int)offers["expected"]!, (int)offers["delivered"]!);
        }
        finally
        {
            if (!driver.HasExited) driver.Kill(entireProcessTree: true);
            File.Delete(output);
        }
    }

    private static string Driver([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "../../../tools/load/drive.mjs"));
}
