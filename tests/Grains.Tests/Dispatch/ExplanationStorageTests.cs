using Mobilize.TestKit;
using Mobilize.Silo.Storage;
using FsCheck;
using FsCheck.Fluent;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class ExplanationStorageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 20, 8, 0, 0, TimeSpan.Zero);

    private static readonly Gen<CandidateVerdict> Verdict =
        from key in Gen.Elements("boats", "medics")
        from team in Gen.Choose(1, 40)
        from reason in Gen.Frequency((2, Gen.Constant<ExclusionReason?>(null)), (3, Gen.Elements(Enum.GetValues<ExclusionReason>()).Select(r => (ExclusionReason?)r)))
        from metres in Gen.Frequency((1, Gen.Constant<double?>(null)), (4, Gen.Choose(0, 40_000_000).Select(m => (double?)(m / 997.0))))
        from eta in Gen.Frequency((1, Gen.Constant<TimeSpan?>(null)), (4, Gen.Choose(0, 7_200_000).Select(ms => (TimeSpan?)TimeSpan.FromTicks(ms * 10_007L))))
        from level in Gen.Elements(Enum.GetValues<EscalationLevel>())
        from radius in Gen.Elements(5_000.0, 10_000.0, 20_000.0)
        from minutes in Gen.Choose(0, 3)
        select new CandidateVerdict(key, TeamId.Create($"team-{team}"), reason, metres, eta, level, radius, T0.AddMinutes(minutes));

    [Fact]
    public void verdicts_stored_in_runs_read_back_exactly_and_in_order()
    {
        var serializer = new JsonStateSerializer();
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(Verdict, n))), verdicts =>
        {
            var stored = serializer.Deserialize<StoredVerdicts>(serializer.Serialize(StoredVerdicts.From(verdicts)));
            Assert.Equal(verdicts, stored.ToList());
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    public async Task the_explanation_is_written_with_the_first_offers_survives_a_restart_and_answers_and_a_stand_down_do_not_rewrite_it()
    {
        var storage = new InMemoryGrainStorage();
        await using var world = await World.StartAsync(storage);
        var near = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450), minimumToMuster: 1);
        var far = await world.Team("hd-far", World.Chaoyang, new GeoPoint(39.9700, 116.4400));
        var incident = IncidentId.Create("flood-explained");
        var created = (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 1)], RadiusMeters: 5_000))).ValueOrThrow();
        var explained = await Explained(world, incident);
        Assert.Equal([(near, (ExclusionReason?)null), (far, ExclusionReason.OutOfRadius)], explained);
        var written = await Version(storage, IncidentGrain.ExplanationStateName, incident);
        var incidentWritten = await Version(storage, IncidentGrain.StateName, incident);

        // The team accepts and musters, which fills the requirement without a new search; then the incident stands down.
        var offer = World.OfferTo(created, near).Id;
        (await world.Grains.Team(near).ConfirmMuster(offer, World.Member(near, 0))).ValueOrThrow();
        Assert.Equal(RequirementStatus.Filled, (await world.Summary(incident)).Requirements.Single().Status);
        (await world.Grains.Incident(incident).StandDown()).ValueOrThrow();
        await world.Cluster.RestartAsync();

        Assert.NotEqual(incidentWritten, await Version(storage, IncidentGrain.StateName, incident));
        Assert.Equal(written, await Version(storage, IncidentGrain.ExplanationStateName, incident));
        Assert.Equal(explained, await Explained(world, incident));
    }

    [Fact]
    public async Task verdicts_kept_inside_the_incident_by_an_earlier_version_are_still_explained_and_move_out_with_the_next_write()
    {
        var storage = new InMemoryGrainStorage();
        await using var world = await World.StartAsync(storage);
        var near = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450));
        var incident = IncidentId.Create("flood-2025");
        (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 2)]))).ValueOrThrow();
        // Rewrite what is stored the way the earlier version kept it: verdicts in the incident, no explanation of its own;
        // the restart below makes the incident read it back.
        var id = GrainId.Create("incident", incident.Value);
        var verdicts = await Read<StoredVerdicts?>(storage, IncidentGrain.ExplanationStateName, id);
        await storage.ClearStateAsync(IncidentGrain.ExplanationStateName, id, verdicts);
        var old = await Read<IncidentState?>(storage, IncidentGrain.StateName, id);
        old.State = old.State! with { Verdicts = verdicts.State!.ToList() };
        await storage.WriteStateAsync(IncidentGrain.StateName, id, old);
        await world.Cluster.RestartAsync();

        Assert.Equal([(near, (ExclusionReason?)null)], await Explained(world, incident));
        (await world.Grains.Incident(incident).StandDown()).ValueOrThrow();

        Assert.Null((await Read<IncidentState?>(storage, IncidentGrain.StateName, id)).State!.Verdicts);
        Assert.Equal(verdicts.State!.ToList(), (await Read<StoredVerdicts?>(storage, IncidentGrain.ExplanationStateName, id)).State!.ToList());
    }

    private static async Task<(TeamId, ExclusionReason?)[]> Explained(World world, IncidentId incident) =>
        [.. (await world.Grains.Incident(incident).Explain()).ValueOrThrow().Candidates.Select(c => (c.Team, c.Reason))];

    private static async Task<string?> Version(InMemoryGrainStorage storage, string stateName, IncidentId incident) =>
        (await Read<object?>(storage, stateName, GrainId.Create("incident", incident.Value))).ETag;

    private static async Task<GrainState<T>> Read<T>(InMemoryGrainStorage storage, string stateName, GrainId id)
    {
        var box = new GrainState<T>();
        await storage.ReadStateAsync(stateName, id, box);
        return box;
    }
}
