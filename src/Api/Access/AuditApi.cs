using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Grains;
using Mobilize.Grains.Audit;

namespace Mobilize.Api.Access;

public static class AuditApi
{
    // GET /api/audit?day=YYYY-MM-DD   one UTC day of the audit log (today when not given), oldest first
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Access").RequireAuthorization();
        api.MapGet("/", GetAudit).AllowAdministrators();
        return app;
    }

    public static async Task<Ok<ImmutableArray<AuditEntry>>> GetAudit(DateOnly? day, IGrainFactory grains, TimeProvider time) =>
        TypedResults.Ok(await grains.AuditLog(day ?? AuditDays.Of(time.GetUtcNow())).Get());
}
