using System.Security.Claims;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Access;

/// <summary>The signed-in caller as the access rules see it: a role and the ids that scope it.</summary>
public sealed record Caller(string Subject, string Role, VolunteerId? Volunteer, OrganisationId? Organisation, TeamId? Team)
{
    public bool IsAdministrator => Role == Roles.Administrator;

    /// <summary>The caller named by a validated token; null when it carries no known role.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var role = user.FindFirst(Claims.Role)?.Value;
        if (!Roles.IsKnown(role)) return null;
        return new Caller(
            user.FindFirst(Claims.Subject)?.Value ?? role!,
            role!,
            VolunteerId.TryParse(user.FindFirst(Claims.VolunteerId)?.Value, out var v) ? v : null,
            OrganisationId.TryParse(user.FindFirst(Claims.OrganisationId)?.Value, out var o) ? o : null,
            TeamId.TryParse(user.FindFirst(Claims.TeamId)?.Value, out var t) ? t : null);
    }
}
