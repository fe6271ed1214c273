using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Registry;

public sealed class VolunteerGrainTests
{
    private static VolunteerRegistration Li(string phone = "13812345678", string? idNumber = null) =>
        new("李娜", phone, idNumber ?? IdNumbers.Valid(), ["swimming"], [World.Cert("water-rescue")], World.Insured);

    [Fact]
    public async Task registration_with_bad_fields_is_refused_with_every_field_named()
    {
        await using var world = await World.StartAsync();
        var outcome = await world.Grains.Volunteer(VolunteerId.Create("v1")).Register(new VolunteerRegistration("李", "12345", IdNumbers.WithWrongCheck(IdNumbers.Valid()), [], [], null));

        Assert.Equal(RefusalKind.Invalid, outcome.Refusal!.Kind);
        Assert.Equal(["realName", "phone", "idNumber"], outcome.Refusal.Errors.Select(e => e.Field));
        Assert.Equal(RefusalKind.NotFound, (await world.Grains.Volunteer(VolunteerId.Create("v1")).GetProfile()).Refusal!.Kind);
    }

    [Fact]
    public async Task the_same_registration_again_is_answered_as_before_but_other_data_under_the_same_id_is_a_conflict()
    {
        await using var world = await World.StartAsync();
        var volunteer = world.Grains.Volunteer(VolunteerId.Create("v1"));
        var first = (await volunteer.Register(Li())).ValueOrThrow();

        Assert.Equal(first.RegisteredAt, (await volunteer.Register(Li())).ValueOrThrow().RegisteredAt);
        Assert.Equal("volunteer.already-registered", (await volunteer.Register(Li(phone: "13900000000"))).Refusal!.Code);
    }

    [Fact]
    public async Task a_phone_or_id_number_registered_by_another_volunteer_is_refused()
    {
        await using var world = await World.StartAsync();
        (await world.Grains.Volunteer(VolunteerId.Create("v1")).Register(Li())).ValueOrThrow();

        var samePhone = await world.Grains.Volunteer(VolunteerId.Create("v2")).Register(Li(phone: "+86 138-1234-5678", idNumber: IdNumbers.Valid(sequence: "456")));
        var sameId = await world.Grains.Volunteer(VolunteerId.Create("v3")).Register(Li(phone: "13900000000"));

        Assert.Equal((RefusalKind.Conflict, "volunteer.phone-taken"), (samePhone.Refusal!.Kind, samePhone.Refusal.Code));
        Assert.Equal("volunteer.id-number-taken", sameId.Refusal!.Code);
        // The refused volunteer's phone claim was given back, so the phone is free for a later registration.
        (await world.Grains.Volunteer(VolunteerId.Create("v4")).Register(Li(phone: "13900000000", idNumber: IdNumbers.Valid(sequence: "789")))).ValueOrThrow();
    }

    [Fact]
    public async Task profile_masks_phone_and_id_number_unless_asked_to_reveal_them()
    {
        await using var world = await World.StartAsync();
        var volunteer = world.Grains.Volunteer(VolunteerId.Create("v1"));
        var masked = (await volunteer.Register(Li(idNumber: IdNumbers.PublishedExample))).ValueOrThrow();
        var revealed = (await volunteer.GetProfile(revealPersonalData: true)).ValueOrThrow();

        Assert.Equal(("138****5678", "110105********002X", true), (masked.Phone, masked.IdNumber, masked.Masked));
        Assert.Equal(("13812345678", IdNumbers.PublishedExample, false), (revealed.Phone, revealed.IdNumber, revealed.Masked));
    }

    [Fact]
    public async Task precise_location_is_kept_only_while_on_duty_and_dropped_when_going_off()
    {
        await using var world = await World.StartAsync();
        var id = await world.Volunteer("v1", [World.Cert("first-aid")], duty: DutyStatus.Off);
        var volunteer = world.Grains.Volunteer(id);
        var report = new LocationReport(new GeoPoint(39.92, 116.44), world.Now, 10);

        // Refused, not silently dropped: the phone learns its position is not kept.
        Assert.Equal("volunteer.off-duty", (await volunteer.ReportLocation(report)).Refusal!.Code);
        Assert.Null((await volunteer.GetStatus()).ValueOrThrow().Location);
        (await volunteer.SetDuty(new DutyChange(DutyStatus.Available))).ValueOrThrow();
        Assert.Equal(report, (await volunteer.ReportLocation(report)).ValueOrThrow().Location);
        Assert.Null((await volunteer.SetDuty(new DutyChange(DutyStatus.Off))).ValueOrThrow().Location);
    }

    [Fact]
    public async Task a_location_goes_stale_after_the_configured_age_and_an_older_report_does_not_replace_a_newer_one()
    {
        await using var world = await World.StartAsync();
        var volunteer = world.Grains.Volunteer(await world.Volunteer("v1", []));
        var newer = new LocationReport(new GeoPoint(39.92, 116.44), world.Now, 10);
        await volunteer.ReportLocation(newer);
        await volunteer.ReportLocation(new LocationReport(new GeoPoint(39.80, 116.30), world.Now.AddMinutes(-5), 10));

        Assert.Equal((newer, true), ((await volunteer.GetStatus()).ValueOrThrow().Location, (await volunteer.GetStatus()).ValueOrThrow().LocationFresh));
        world.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.False((await volunteer.GetStatus()).ValueOrThrow().LocationFresh);
    }

    [Fact]
    public async Task an_on_call_shift_needs_an_end_and_ends_by_itself()
    {
        await using var world = await World.StartAsync();
        var volunteer = world.Grains.Volunteer(await world.Volunteer("v1", [], duty: DutyStatus.Off));

        Assert.Equal("onCallUntil", (await volunteer.SetDuty(new DutyChange(DutyStatus.OnCall))).Refusal!.Errors.Single().Field);
        (await volunteer.SetDuty(new DutyChange(DutyStatus.OnCall, world.Now.AddHours(2)))).ValueOrThrow();
        world.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(DutyStatus.Off, (await volunteer.GetStatus()).ValueOrThrow().Status);
    }

    [Fact]
    public async Task after_a_task_the_volunteer_rests_and_cannot_go_on_duty_until_the_rest_is_over()
    {
        await using var world = await World.StartAsync();
        var volunteer = world.Grains.Volunteer(await world.Volunteer("v1", []));
        var incident = IncidentId.Create("i1");
        Assert.True((await volunteer.BeginTask(incident, TeamId.Create("t1"))).Succeeded);
        Assert.Equal("volunteer.deployed", (await volunteer.BeginTask(IncidentId.Create("i2"), TeamId.Create("t1"))).Refusal!.Code);
        await volunteer.EndTask(incident, exercise: false, RestRules.Default(TimeSpan.FromHours(8)));

        Assert.Equal("volunteer.resting", (await volunteer.SetDuty(new DutyChange(DutyStatus.Available))).Refusal!.Code);
        world.Clock.Advance(TimeSpan.FromHours(8));
        Assert.Equal(DutyStatus.Available, (await volunteer.GetStatus()).ValueOrThrow().Status);
    }

    [Fact]
    public async Task certification_updates_are_validated_and_refused_with_indexed_field_names()
    {
        await using var world = await World.StartAsync();
        var volunteer = world.Grains.Volunteer(await world.Volunteer("v1", []));
        var backwards = new Certification("medical", new DateOnly(2025, 5, 1), new DateOnly(2025, 4, 1), null);

        var refused = await volunteer.UpdateCertifications([World.Cert("first-aid"), backwards]);

        Assert.Equal("certifications[1].expires", refused.Refusal!.Errors.Single().Field);
        Assert.Empty((await volunteer.GetProfile()).ValueOrThrow().Certifications);
    }
}
