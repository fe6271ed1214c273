using Mobilize.Grains.Registry;

namespace Mobilize.Grains.Tests.Registry;

public sealed class VolunteerRegistrationTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static VolunteerRegistration Valid() => new(
        RealName: "张伟",
        Phone: "+86 138 1234 5678",
        IdNumber: IdNumbers.Valid(),
        Skills: ["first-aid", "driving"],
        Certifications: [new Certification("water-rescue", new(2024, 1, 1), new(2026, 1, 1), "北京市红十字会")],
        Insurance: new Insurance("PICC-2025-001", new(2025, 1, 1), new(2025, 12, 31)));

    [Fact]
    public void complete_registration_is_valid()
    {
        Assert.Empty(Valid().Validate(Today));
    }

    [Fact]
    public void registration_without_id_number_or_insurance_is_valid()
    {
        Assert.Empty((Valid() with { IdNumber = null, Insurance = null, Skills = [], Certifications = [] }).Validate(Today));
    }

    [Fact]
    public void every_bad_field_is_reported_at_once()
    {
        var registration = Valid() with
        {
            RealName = "张",
            Phone = "12345",
            IdNumber = IdNumbers.WithWrongCheck(IdNumbers.Valid()),
            Skills = ["first-aid", " ", "first-aid"],
            Certifications = [new Certification("", new(2025, 7, 1), new(2025, 7, 1), null)],
            Insurance = new Insurance("", new(2025, 6, 1), new(2025, 5, 1)),
        };
        Assert.Equal(
            ["realName", "phone", "idNumber", "skills[1]", "skills[2]", "certifications[0].capability",
             "certifications[0].issued", "certifications[0].expires", "insurance.policyNumber", "insurance.validTo"],
            registration.Validate(Today).Select(e => e.Field));
    }

    [Fact]
    public void real_name_longer_than_forty_characters_is_rejected()
    {
        var errors = (Valid() with { RealName = new string('李', 41) }).Validate(Today);
        Assert.Equal("realName", Assert.Single(errors).Field);
        Assert.Empty((Valid() with { RealName = new string('李', 40) }).Validate(Today));
    }

    [Fact]
    public void certification_expiring_on_its_issue_date_is_rejected()
    {
        var registration = Valid() with { Certifications = [new Certification("medical", new(2024, 3, 1), new(2024, 3, 1), null)] };
        Assert.Equal("certifications[0].expires", Assert.Single(registration.Validate(Today)).Field);
    }

    [Fact]
    public void already_expired_certification_is_still_a_valid_registration_entry()
    {
        var registration = Valid() with { Certifications = [new Certification("medical", new(2020, 1, 1), new(2021, 1, 1), null)] };
        Assert.Empty(registration.Validate(Today));
    }

    [Fact]
    public void insurance_ending_before_it_starts_is_rejected()
    {
        var registration = Valid() with { Insurance = new Insurance("P-1", new(2025, 3, 1), new(2025, 2, 1)) };
        Assert.Equal("insurance.validTo", Assert.Single(registration.Validate(Today)).Field);
    }
}
