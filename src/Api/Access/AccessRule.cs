using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Access;

/// <summary>Picks the resources a request acts on from its route or its bound body; null when the request does not
/// name them, which the handler then refuses as a missing field (see <see cref="Target.AbsentIsRefusedByHandler"/>).</summary>
public sealed record Target(string Description, Func<EndpointFilterInvocationContext, ImmutableArray<Resource>?> Pick, bool AbsentIsRefusedByHandler = true)
{
    /// <summary>An id in the route; binding has checked it by now, so one that cannot be read lets no one in.</summary>
    public static Target Route<TId>(string name) where TId : struct, ITypedId<TId> =>
        new($"route {{{name}}}", c => TypedId.TryParse<TId>(c.HttpContext.Request.RouteValues[name] as string, out var id) ? [Of(id)] : null,
            AbsentIsRefusedByHandler: false);

    /// <summary>An id in the request body; the handler validates that it is present.</summary>
    public static Target Body<TRequest, TId>(string field, Func<TRequest, TId?> id) where TId : struct, ITypedId<TId> =>
        new($"body {field}", c => c.Arguments.OfType<TRequest>().FirstOrDefault() is { } r && id(r) is { } value ? [Of(value)] : null);

    /// <summary>An optional id in the body: when absent, nothing in the request is in anyone's jurisdiction.</summary>
    public static Target OptionalBody<TRequest, TId>(string field, Func<TRequest, TId?> id) where TId : struct, ITypedId<TId> =>
        Body(field, id) with { AbsentIsRefusedByHandler = false };

    /// <summary>An id in the query string (a list scoped to it); the handler validates that it is present.</summary>
    public static Target Query<TId>(string name) where TId : struct, ITypedId<TId> =>
        new($"query {name}", c => c.HttpContext.Request.Query.TryGetValue(name, out var values) && values.Count == 1
            && TypedId.TryParse<TId>(values[0], out var id) ? [Of(id)] : null);

    /// <summary>Several ids in the body (a batch); a rule must hold for every one.</summary>
    public static Target BodyMany<TRequest, TId>(string field, Func<TRequest, IEnumerable<TId?>> ids) where TId : struct, ITypedId<TId> =>
        new($"body {field}", c => c.Arguments.OfType<TRequest>().FirstOrDefault() is { } r
            ? [.. ids(r).OfType<TId>().Select(id => Of(id))]
            : null);

    private static Resource Of<TId>(TId id) => id switch
    {
        OrganisationId o => new Resource.Organisation(o),
        TeamId t => new Resource.Team(t),
        IncidentId i => new Resource.Incident(i),
        VolunteerId v => new Resource.Volunteer(v),
        _ => throw new ArgumentException($"{typeof(TId).Name} names nothing access rules know."),
    };
}

/// <summary>One way a caller may be let in: a role and how the caller must relate to the target.</summary>
/// <param name="Also">A rule that must hold as well (see <see cref="And"/>).</param>
public sealed record Rule(string Description, Target? Target, Func<Caller, Resource?, AccessScopes, Task<bool>> Holds, Rule? Also = null)
{
    /// <summary>This rule and <paramref name="other"/> both, each on its own target: a commander creating a team must
    /// command its organisation and already hold the volunteer who is to lead it.</summary>
    public Rule And(Rule other) => this with
    {
        Description = $"{Description} and {other.Description}",
        Also = Also is null ? other : Also.And(other),
    };

    /// <summary>Commanders whose jurisdiction holds the target.</summary>
    public static Rule Commanders(Target target) => InJurisdiction(Roles.Commander, target);

    /// <summary>Observers whose jurisdiction holds the target; only ever on reads.</summary>
    public static Rule Observers(Target target) => InJurisdiction(Roles.Observer, target);

    /// <summary>Any commander, for what belongs to no organisation yet (registering a volunteer).</summary>
    public static readonly Rule AnyCommander = new("any commander", null, (caller, _, _) => Task.FromResult(caller.Role == Roles.Commander));

    /// <summary>The volunteer the target names, signed in as a volunteer or team leader.</summary>
    public static Rule Self(Target volunteer) => new($"the volunteer ({volunteer.Description})", volunteer,
        (caller, resource, _) => Task.FromResult(resource is Resource.Volunteer v && caller.Volunteer == v.Id));

    /// <summary>The leader of the target team, or of a team the target volunteer is in.</summary>
    public static Rule Leader(Target target) => new($"the team leader ({target.Description})", target, async (caller, resource, scopes) =>
        caller is { Role: Roles.TeamLeader, Team: { } team } && resource switch
        {
            Resource.Team t => t.Id == team,
            Resource.Volunteer v => (await scopes.TeamsOf(v.Id)).Contains(team),
            _ => false,
        });

    /// <summary>Volunteers (and leaders) who are members of the target team.</summary>
    public static Rule Members(Target team) => new($"members of the team ({team.Description})", team, async (caller, resource, scopes) =>
        caller.Volunteer is { } me && resource is Resource.Team t && await scopes.IsMember(me, t.Id));

    private static Rule InJurisdiction(string role, Target target) => new($"{role}s over {target.Description}", target,
        async (caller, resource, scopes) =>
            caller.Role == role && caller.Organisation is { } jurisdiction && resource is not null && await scopes.IsWithin(resource, jurisdiction));
}
