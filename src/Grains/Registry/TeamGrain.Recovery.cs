using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mobilize.Grains.Dispatch;

namespace Mobilize.Grains.Registry;

// A crash between storing members' answers and acting on them leaves an offer whose muster is already decided but
// that nobody acts on until another answer arrives. The team looks again whenever it is activated.
// No reminder here, unlike the incident: storing the answers and acting on them happen in one turn, so only a process
// or silo dying between them leaves this, and start-up recovery wakes such teams after a restart. When a silo dies in a
// cluster the team is woken by its next answer, or the offer runs out: the incident's own deadline reminder times it
// out and recruits on, so no callout stalls. A reminder per offer would cost two writes per team offered, many per callout.
internal sealed partial class TeamGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.Stored() is not { } s) return;
        if (s.Within.IsDefault && (await GrainFactory.Organisation(s.Registration.Organisation).GetLadder()).Value is { } ladder)
        {
            // A team stored before it knew its jurisdictions learns them once, so incidents above it can recruit it.
            state.State = s = s with { Within = [.. ladder.Nodes.Select(n => n.Id)] };
            await Save();
        }
        foreach (var held in Undecided(s, time.GetUtcNow()).ToList())
        {
            try
            {
                await Decide(held);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next answer or activation tries again; an activation must not fail because an incident is away.
                ServiceProvider.GetService<ILogger<TeamGrain>>()?.LogWarning(exception,
                    "Team {Team} could not settle the muster of offer {Offer} on activation", Id, held.Offer.Offer);
            }
        }
    }

    /// <summary>Open, unexpired offers whose stored answers already settle the muster one way or the other.</summary>
    internal static IEnumerable<HeldOffer> Undecided(TeamState s, DateTimeOffset now) =>
        s.Offers.Where(h => h.Status == TeamOfferStatus.Open && now < h.Offer.ExpiresAt
            && MusterRule.Evaluate(Math.Max(h.Offer.MinimumMembers, s.Registration.MinimumMembersToMuster), s.Members.Count, h.Answers, h.LeaderConfirmed)
                .Outcome != MusterOutcome.Waiting);
}
