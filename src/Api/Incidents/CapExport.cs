using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Alerting;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Incidents;

/// <summary>GET /api/incidents/{id}/cap: the incident as CAP 1.2 XML (<see cref="CapAlert"/>).</summary>
public static class CapExport
{
    /// <summary>The sender's domain in CAP's <c>sender</c>; the organisation id goes before the @.</summary>
    public const string SenderDomain = "mobilize.local";

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetCap(IncidentId id, IGrainFactory grains)
    {
        var outcome = await grains.Incident(id).GetSummary();
        if (outcome.Value is not { } summary) return outcome.Refusal!.ToProblem();
        var document = CapAlert.For(summary, SenderDomain);
        return TypedResults.Content(document.Declaration + "\n" + document.Root, CapAlert.ContentType, System.Text.Encoding.UTF8);
    }
}
