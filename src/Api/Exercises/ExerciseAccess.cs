using System.Security.Claims;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Grains;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Exercises;

/// <summary>An exercise as an access target: it lies where its organisation does.</summary>
public sealed record ExerciseResource(ExerciseId Id) : Resource;

/// <summary>Who may run and read exercises, in docs/access.md's terms: administrators everywhere; commanders over the
/// exercise's organisation; observers read there; volunteers and team leaders not at all.</summary>
public static class ExerciseAccess
{
    /// <summary>Exercise ids in the route; every one must pass (a comparison reads two).</summary>
    public static Target Route(params string[] names) => new(
        $"route {string.Join(", ", names.Select(n => $"{{{n}}}"))}",
        c => names.Select(n => ExerciseId.TryParse(c.HttpContext.Request.RouteValues[n] as string, out var id) ? id : (ExerciseId?)null).ToList() is var ids
             && ids.All(i => i is not null)
            ? [.. ids.Select(i => (Resource)new ExerciseResource(i!.Value))]
            : null,
        AbsentIsRefusedByHandler: false);

    public static Rule Commanders(IGrainFactory grains, Target exercises) => InJurisdiction(grains, Roles.Commander, exercises);

    public static Rule Observers(IGrainFactory grains, Target exercises) => InJurisdiction(grains, Roles.Observer, exercises);

    /// <summary>Injecting an incident into <paramref name="exercise"/> (POST /api/incidents with exerciseId), on top of the
    /// incident route's own rule over the incident's organisation. An unknown exercise passes, for the grain to answer 404.</summary>
    public static async Task<Refusal?> MayRun(ClaimsPrincipal user, ExerciseId exercise, IGrainFactory grains, AccessScopes scopes)
    {
        if (Caller.From(user) is { IsAdministrator: true }) return null;
        if ((await grains.Exercise(exercise).Get()).Value is null) return null;
        return Caller.From(user) is { } caller && await Commanders(grains, Route()).Holds(caller, new ExerciseResource(exercise), scopes)
            ? null
            : Refusal.Forbidden("forbidden", $"Only commanders over the organisation of exercise {exercise} may inject into it.");
    }

    private static Rule InJurisdiction(IGrainFactory grains, string role, Target target) => new($"{role}s over the exercise's organisation ({target.Description})",
        target, async (caller, resource, scopes) =>
            caller.Role == role && caller.Organisation is { } jurisdiction && resource is ExerciseResource exercise
            && (await grains.Exercise(exercise.Id).Get()).Value is { } view
            && await scopes.IsWithin(new Resource.Organisation(view.Organisation), jurisdiction));
}
