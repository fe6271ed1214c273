using System.Collections.Immutable;

namespace Mobilize.Grains.Registry;

// The listing is written behind: a city hears every callout of its districts, and at a callout every few milliseconds
// a write per callout would queue each one behind the last. Marks are listed in memory at once and stored together a
// moment later; what a crash in that moment loses, start-up recovery lists again from the stored incidents
// (StartupRecovery.RelistIncidents), and IncidentListingOrder puts each mark where its opening time says.
internal sealed partial class OrganisationGrain
{
    /// <summary>How long new marks wait to be stored together.</summary>
    public static readonly TimeSpan ListingWriteDelay = TimeSpan.FromMilliseconds(200);

    private IGrainTimer? _listingWrite;

    private ImmutableArray<IncidentMark> Marks =>
        // An unwritten listing is already the one in force: it is written behind.
        !listing.State.Marks.IsDefault ? listing.State.Marks : State.Incidents.IsDefault ? [] : State.Incidents;

    public Task<ImmutableArray<IncidentMark>> GetIncidents() => Task.FromResult(Marks);

    public Task NoteIncident(IncidentMark incident)
    {
        if (State.Node is not null) Listed(IncidentListingOrder.Insert(Marks, incident));
        return Task.CompletedTask;
    }

    public async Task Relist(ImmutableArray<IncidentMark> incidents)
    {
        if (State.Node is null) return;
        Listed(IncidentListingOrder.Merge(Marks, incidents));
        // Recovery waits for this, so the listing it repaired is stored before the silo reports ready.
        if (_listingWrite is not null) await WriteListing(CancellationToken.None);
    }

    private void Listed(ImmutableArray<IncidentMark> marks)
    {
        if (marks == Marks && !listing.State.Marks.IsDefault) return;
        listing.State = new IncidentListing(marks);
        // Carried over; the organisation's next write drops the old copy.
        if (!State.Incidents.IsDefault) state.State = State with { Incidents = default };
        _listingWrite ??= this.RegisterGrainTimer(WriteListing, ListingWriteDelay, Timeout.InfiniteTimeSpan);
    }

    // Disposing the timer cancels the token it handed this callback, and a write once begun must finish: no token.
    private async Task WriteListing(CancellationToken _)
    {
        _listingWrite?.Dispose();
        _listingWrite = null;
        await listing.WriteStateAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_listingWrite is not null) await WriteListing(cancellationToken);
    }
}
