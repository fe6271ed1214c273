using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;
using static Mobilize.Grains.Tests.Dispatch.Candidates;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class EligibilityGatePropertyTests
{
    // The documented precedence, each check written from the facts alone.
    private static readonly (ExclusionReason Reason, Func<CandidateFacts, bool> Fails)[] Checks =
    [
        (ExclusionReason.NotOnDuty, f => f.Status == DutyStatus.Off),
        (ExclusionReason.AlreadyAssigned, f => f.Status == DutyStatus.Assigned || f.CurrentIncident is not null),
        (ExclusionReason.Resting, f => f.Status == DutyStatus.Resting || (f.RestUntil is { } r && r > Time)),
        (ExclusionReason.MissingCertification, f => f.QualifiedFor("water-rescue") == 0 && !f.ExpiredCapabilities.Contains("water-rescue")),
        (ExclusionReason.CertificationExpired, f => f.QualifiedFor("water-rescue") == 0 && f.ExpiredCapabilities.Contains("water-rescue")),
        (ExclusionReason.TooFewQualifiedMembers, f => f.QualifiedFor("water-rescue") < WaterRescue.MinimumMembers),
        (ExclusionReason.InsuranceInvalid, f => !f.DeployingMembersInsured),
        (ExclusionReason.LocationUnknown, f => f.Location is null || f.LocationReportedAt is null),
        (ExclusionReason.LocationStale, f => Time - f.LocationReportedAt > Incident.MaxLocationAge),
        (ExclusionReason.OutOfRadius, f => f.Location!.Value.DistanceMetersTo(Place) > Incident.RadiusMeters),
    ];

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (4, gen.Select(v => (T?)v)));

    private static readonly Gen<CandidateFacts> Facts =
        from status in Gen.Elements(Enum.GetValues<DutyStatus>())
        from onIncident in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from restMinutes in Maybe(Gen.Choose(-120, 120))
        from location in Maybe(Gen.Zip(Gen.Choose(-3000, 3000), Gen.Choose(-3000, 3000)).Select(p => new GeoPoint(Place.Latitude + p.Item1 / 10000.0, Place.Longitude + p.Item2 / 10000.0)))
        from reportedMinutesAgo in Maybe(Gen.Choose(-2, 30))
        from qualified in Gen.Choose(0, 6)
        from expired in Gen.Elements(true, false)
        from insured in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        select new CandidateFacts(TeamId.Create("t-1"), status, onIncident ? IncidentId.Create("inc-2") : null,
            restMinutes is { } rm ? Time.AddMinutes(rm) : null, location,
            reportedMinutesAgo is { } ago ? Time.AddMinutes(-ago) : null,
            qualified == 0 ? ImmutableDictionary<string, int>.Empty : ImmutableDictionary<string, int>.Empty.Add("water-rescue", qualified),
            expired ? ["water-rescue"] : [], insured, 8);

    [Fact]
    public void every_exclusion_names_the_first_failing_check_and_a_team_failing_none_is_eligible()
    {
        var property = Prop.ForAll(Arb.From(Facts), facts =>
        {
            var verdict = EligibilityGate.Evaluate(facts, WaterRescue, Incident);
            var firstFailing = Checks.FirstOrDefault(c => c.Fails(facts));
            Assert.Equal(firstFailing.Fails is null ? null : firstFailing.Reason, verdict.Reason);
            Assert.Equal(facts.Location?.DistanceMetersTo(Place), verdict.DistanceMeters);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }
}
