using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Xunit;

namespace Mobilize.TestKit.Processes;

/// <summary>Calls a hub through the official JavaScript SignalR client, as the pages do (<c>tools/signalr-client/invoke.mjs</c>
/// under Node): connects with <paramref name="token"/>, makes each call in turn, and returns one JSON line per step
/// (the connection first, then each call's outcome).</summary>
public static class HubScript
{
    public static async Task<List<JsonNode>> InvokeAsync(string baseUrl, string hub, string? token, string callsJson)
    {
        var info = new ProcessStartInfo("node", [Script(), "--url", baseUrl, "--hub", hub, "--calls", callsJson])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (token is not null)
        {
            info.ArgumentList.Add("--token");
            info.ArgumentList.Add(token);
        }
        using var node = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = await node.StandardOutput.ReadToEndAsync(timeout.Token);
        await node.WaitForExitAsync(timeout.Token);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.True(lines.Count > 0, $"node printed nothing: {await node.StandardError.ReadToEndAsync()}");
        return lines;
    }

    private static string Script([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "../../../tools/signalr-client/invoke.mjs"));
}
