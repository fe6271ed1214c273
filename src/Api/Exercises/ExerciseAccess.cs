using System.Security.Claims;
using Mobilize.Actors;
using Mobilize.Api.Access;
using Mobilize.Grains;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Exercises;

/// <summary>Who may run and read exercises (docs/access.md): administrators everywhere; commanders within their
/// jurisdiction; observers read within theirs; volunteers and team leaders not at all.</summary>
public static class ExerciseAccess
{
    /// <summary>Starting, injecting into, or ending an exercise of <paramref name="organisation"/>.</summary>
    public static Task<Refusal?> MayRun(ClaimsPrincipal user, OrganisationId organisation, IGrainFactory grains) =>
        Check(user, organisation, grains, Roles.Commander);

    /// <summary>Running the exercise <paramref name="exercise"/>; an unknown one passes, for the grain to answer 404.</summary>
    public static async Task<Refusal?> MayRun(ClaimsPrincipal user, ExerciseId exercise, IGrainFactory grains) =>
        (await grains.Exercise(exercise).Get()).Value is { } view ? await MayRun(user, view.Organisation, grains) : null;

    /// <summary>Reading the exercise <paramref name="exercise"/>; an unknown one passes, for the grain to answer 404.</summary>
    public static async Task<Refusal?> MayRead(ClaimsPrincipal user, ExerciseId exercise, IGrainFactory grains) =>
        (await grains.Exercise(exercise).Get()).Value is { } view ? await MayRead(user, view.Organisation, grains) : null;

    /// <summary>Reading an exercise, its report, or an organisation's exercises.</summary>
    public static Task<Refusal?> MayRead(ClaimsPrincipal user, OrganisationId organisation, IGrainFactory grains) =>
        Check(user, organisation, grains, Roles.Commander, Roles.Observer);

    private static async Task<Refusal?> Check(ClaimsPrincipal user, OrganisationId organisation, IGrainFactory grains, params string[] scopedRoles)
    {
        var caller = Caller.From(user);
        if (caller is { IsAdministrator: true }) return null;
        if (caller is null || !scopedRoles.Contains(caller.Role) || caller.Organisation is not { } jurisdiction)
            return Refusal.Forbidden("exercise.not-allowed", "Exercises are run by commanders and read by commanders and observers.");
        return await grains.Organisation(organisation).IsWithin(jurisdiction)
            ? null
            : Refusal.Forbidden("exercise.outside-jurisdiction", $"{organisation} is outside the caller's jurisdiction {jurisdiction}.");
    }
}
