namespace Mobilize.Grains.Registry;

/// <summary>What adding a volunteer to a team does, and what an answer to an invitation does.</summary>
public enum MembershipStep
{
    /// <summary>Nothing to change: already a member (or, for an invitation, already invited).</summary>
    Unchanged,
    /// <summary>The volunteer becomes a member.</summary>
    Join,
    /// <summary>The volunteer is invited and becomes a member only when they accept.</summary>
    Invite,
    /// <summary>No invitation is open to accept.</summary>
    NoInvitation,
}

/// <summary>Membership is consent. A team's commanders gain power over a member's record (personal data, certifications,
/// insurance, enrolment links, precise position while on duty), so joining a team takes the volunteer's word or the
/// word of someone who already holds their record: an administrator, or a commander whose jurisdiction holds the
/// organisation that registered them or one of the teams they already joined. Anyone else's "add" is an invitation,
/// which the volunteer accepts or declines with their own token.</summary>
public static class Membership
{
    /// <param name="byHolder">The one adding already holds the volunteer's record.</param>
    public static MembershipStep OnAdd(bool isMember, bool isInvited, bool byHolder) =>
        isMember ? MembershipStep.Unchanged
        : byHolder ? MembershipStep.Join
        : isInvited ? MembershipStep.Unchanged
        : MembershipStep.Invite;

    /// <summary>The volunteer accepts: only an open invitation makes them a member; accepting again changes nothing.</summary>
    public static MembershipStep OnAccept(bool isMember, bool isInvited) =>
        isMember ? MembershipStep.Unchanged
        : isInvited ? MembershipStep.Join
        : MembershipStep.NoInvitation;
}
