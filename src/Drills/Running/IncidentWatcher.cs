using System.Text.Json.Nodes;

namespace Mobilize.Drills.Running;

/// <summary>Follows every open incident over REST, as a command dashboard's snapshot would: status, teams filled, when
/// the first offer went out, and from the timeline when the last requirement filled.</summary>
internal sealed class IncidentWatcher(MobilizeClient api, DrillMetrics metrics)
{
    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
                await Refresh(api, metrics, metrics.Incidents.Where(t => t.Created && t.Open), cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    public static Task RefreshAll(MobilizeClient api, DrillMetrics metrics, CancellationToken cancellation) =>
        Refresh(api, metrics, metrics.Incidents.Where(t => t.Created), cancellation);

    private static Task Refresh(MobilizeClient api, DrillMetrics metrics, IEnumerable<IncidentTrack> tracks, CancellationToken cancellation) =>
        Parallel.ForEachAsync(tracks,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation }, async (track, ct) =>
            {
                try
                {
                    await Refresh(api, track, ct);
                }
                catch (DrillRequestException e)
                {
                    metrics.PhoneError(e);
                }
                catch (HttpRequestException e)
                {
                    metrics.PhoneError(e);
                }
            });

    private static async Task Refresh(MobilizeClient api, IncidentTrack track, CancellationToken cancellation)
    {
        var summary = await api.Get($"/api/incidents/{track.Id}", cancellation);
        if (summary is null) return;
        var created = summary["createdAt"]!.GetValue<DateTimeOffset>();
        track.Filled = summary["requirements"]!.AsArray().Sum(r => r!["teamsFilled"]!.GetValue<int>());
        var status = summary["status"]!.GetValue<string>();
        if (status == "Filled" && track.TimeToFill is null)
        {
            var timeline = await api.Get($"/api/incidents/{track.Id}/timeline", cancellation);
            var filled = timeline?["entries"]?.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "requirement-filled")
                .Select(e => e!["at"]!.GetValue<DateTimeOffset>()).DefaultIfEmpty(created).Max() ?? created;
            track.TimeToFill = filled - created;
        }
        track.Status = status;
    }
}
