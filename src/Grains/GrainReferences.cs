using Mobilize.Grains.Audit;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Enrolment;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Revocation;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains;

/// <summary>Typed ids in, grain references out, so no caller spells a grain key by hand.</summary>
public static class GrainReferences
{
    public static IVolunteerGrain Volunteer(this IGrainFactory grains, VolunteerId id) => grains.GetGrain<IVolunteerGrain>(id.Value);

    public static ITeamGrain Team(this IGrainFactory grains, TeamId id) => grains.GetGrain<ITeamGrain>(id.Value);

    public static IOrganisationGrain Organisation(this IGrainFactory grains, OrganisationId id) => grains.GetGrain<IOrganisationGrain>(id.Value);

    public static IIncidentGrain Incident(this IGrainFactory grains, IncidentId id) => grains.GetGrain<IIncidentGrain>(id.Value);

    public static IExerciseGrain Exercise(this IGrainFactory grains, ExerciseId id) => grains.GetGrain<IExerciseGrain>(id.Value);

    public static IExerciseRosterGrain Exercises(this IGrainFactory grains, OrganisationId organisation) =>
        grains.GetGrain<IExerciseRosterGrain>(organisation.Value);

    public static IEnrolmentGrain Enrolment(this IGrainFactory grains, string code) => grains.GetGrain<IEnrolmentGrain>(EnrolmentKeys.For(code));

    public static IAuditLogGrain AuditLog(this IGrainFactory grains, DateOnly day) => grains.GetGrain<IAuditLogGrain>(AuditDays.Key(day));

    public static IRevocationListGrain Revocations(this IGrainFactory grains) => grains.GetGrain<IRevocationListGrain>(RevocationList.Key);

    public static IPlanGrain Plan(this IGrainFactory grains, OrganisationId jurisdiction, string incidentType) =>
        grains.GetGrain<IPlanGrain>(PlanKeys.For(jurisdiction, incidentType));

    public static IFeedStreamGrain FeedStream(this IGrainFactory grains, FeedStream stream) => grains.GetGrain<IFeedStreamGrain>(stream.ToString());

    public static ILiveFeedSubscribersGrain LiveFeedSubscribers(this IGrainFactory grains) => grains.GetGrain<ILiveFeedSubscribersGrain>(0);

    public static IPushSubscriptionsGrain PushSubscriptions(this IGrainFactory grains, VolunteerId volunteer) =>
        grains.GetGrain<IPushSubscriptionsGrain>(volunteer.Value);
}
