using Microsoft.AspNetCore.Authorization;

namespace Mobilize.Api.Access;

/// <summary>Named authorisation policies; the resource checks (whose volunteer, which jurisdiction) come after these.</summary>
public static class Policies
{
    /// <summary>Any caller with a valid token and a known role.</summary>
    public const string SignedIn = "signed-in";

    public const string Administrator = "administrator";

    /// <summary>Volunteers and team leaders: the callers that are a volunteer (the volunteer hub).</summary>
    public const string Volunteer = "volunteer";

    /// <summary>Administrators, commanders and observers: the callers that watch a jurisdiction (the command hub).</summary>
    public const string Command = "command";

    public static void Add(AuthorizationOptions options)
    {
        var signedIn = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(Claims.Role, Roles.All).Build();
        options.DefaultPolicy = signedIn;
        options.AddPolicy(SignedIn, signedIn);
        options.AddPolicy(Administrator, p => p.Combine(signedIn).RequireClaim(Claims.Role, Roles.Administrator));
        options.AddPolicy(Volunteer, p => p.Combine(signedIn).RequireClaim(Claims.Role, Roles.Volunteer, Roles.TeamLeader).RequireClaim(Claims.VolunteerId));
        options.AddPolicy(Command, p => p.Combine(signedIn).RequireClaim(Claims.Role, Roles.Administrator, Roles.Commander, Roles.Observer));
    }
}
