using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Volunteers;

public static class VolunteersApi
{
    // POST /api/volunteers                      register under the real name (实名注册)
    // GET  /api/volunteers/{id}                 the profile, phone and ID number masked
    // PUT  /api/volunteers/{id}/certifications  replace the certifications
    // PUT  /api/volunteers/{id}/insurance       replace the insurance (null clears it)
    // PUT  /api/volunteers/{id}/duty            go off duty, available, or on call until a time
    // PUT  /api/volunteers/{id}/location        report where the phone is
    // GET  /api/volunteers/{id}/status          readiness as of now
    // GET  /api/volunteers/{id}/service-record  service hours and the ledger behind them
    public static IEndpointRouteBuilder MapVolunteersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/volunteers").WithTags("Volunteers").RequireAuthorization();
        // A volunteer belongs to the jurisdictions of their teams; a registration not yet in a team to none.
        var volunteer = Target.Route<VolunteerId>("id");
        api.MapPost("/", RegisterVolunteer).Allow(AnyCommander);
        api.MapGet("/{id}", GetVolunteer).Allow(Self(volunteer), Leader(volunteer), Commanders(volunteer), Observers(volunteer));
        api.MapPut("/{id}/certifications", UpdateCertifications).Allow(Self(volunteer), Commanders(volunteer));
        api.MapPut("/{id}/insurance", UpdateInsurance).Allow(Self(volunteer), Commanders(volunteer));
        api.MapPut("/{id}/duty", SetDuty).Allow(Self(volunteer), Leader(volunteer));
        api.MapPut("/{id}/location", ReportLocation).Allow(Self(volunteer));
        api.MapGet("/{id}/status", GetStatus).Allow(Self(volunteer), Leader(volunteer), Commanders(volunteer), Observers(volunteer));
        api.MapGet("/{id}/service-record", GetServiceRecord).Allow(Self(volunteer), Leader(volunteer), Commanders(volunteer), Observers(volunteer));
        return app;
    }

    /// <summary>A commander's organisation holds the record of each volunteer it registers (see
    /// <see cref="Mobilize.Grains.Registry.Membership"/>); one an administrator registers is held by no one until they join a team.</summary>
    public static async Task<Results<Created<VolunteerProfile>, ValidationProblem, ProblemHttpResult>> RegisterVolunteer(
        RegisterVolunteerRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var errors = new RequestErrors();
        var id = errors.Required(request.Id, "id");
        var registration = new VolunteerRegistration(
            errors.Required(request.RealName, "realName"),
            errors.Required(request.Phone, "phone"),
            request.IdNumber,
            request.Skills ?? [],
            request.Certifications.ToCertifications(errors, "certifications"),
            request.Insurance.ToInsurance(errors, "insurance"));
        errors.AlsoDomain(() => registration.Validate(ServiceCalendar.DateOf(time.GetUtcNow())));
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var caller = Caller.From(user)!;
        var outcome = await grains.Volunteer(id).Register(registration, caller.Role == Roles.Commander ? caller.Organisation : null);
        return outcome.Value is { } profile
            ? TypedResults.Created($"/api/volunteers/{id}", profile)
            : outcome.Refusal!.ToProblem();
    }

    /// <param name="unmasked">Phone and ID number in full: administrators, the volunteer, commanders over them; audited.</param>
    /// <param name="reason">Why the unmasked view is needed; required with <paramref name="unmasked"/>, kept in the audit log.</param>
    public static async Task<Results<Ok<VolunteerProfile>, ValidationProblem, ProblemHttpResult>> GetVolunteer(
        VolunteerId id, bool? unmasked, [System.ComponentModel.DataAnnotations.MaxLength(InputBounds.UnmaskReasonLength)] string? reason, ClaimsPrincipal user, PersonalData personal, IGrainFactory grains)
    {
        if (InputBounds.TextProblem(reason, InputBounds.UnmaskReasonLength, required: false) is { } reasonProblem) return Problems.Validation([new FieldError("reason", reasonProblem)]);
        if (unmasked != true) return Profile(await grains.Volunteer(id).GetProfile(revealPersonalData: false));
        if (string.IsNullOrWhiteSpace(reason)) return Problems.Validation([new FieldError("reason", "is required to see personal data unmasked")]);
        var caller = Caller.From(user)!;
        if (!await personal.MayUnmask(caller, id))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.Forbidden,
                title: "Your role may not see this volunteer's personal data unmasked.");
        var outcome = await grains.Volunteer(id).GetProfile(revealPersonalData: true);
        // Written before the data leaves: a view the log cannot record is not given.
        if (outcome.Value is not null) await personal.RecordUnmaskedView(caller, id, reason);
        return Profile(outcome);
    }

    public static async Task<Results<Ok<VolunteerProfile>, ValidationProblem, ProblemHttpResult>> UpdateCertifications(
        VolunteerId id, CertificationsRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        errors.Required(request.Certifications, "certifications");
        var certifications = request.Certifications.ToCertifications(errors, "certifications");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await grains.Volunteer(id).UpdateCertifications(certifications);
        return outcome.Value is { } value ? TypedResults.Ok(value) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<VolunteerProfile>, ValidationProblem, ProblemHttpResult>> UpdateInsurance(
        VolunteerId id, InsuranceUpdateRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var insurance = request.Insurance.ToInsurance(errors, "insurance");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await grains.Volunteer(id).UpdateInsurance(insurance);
        return outcome.Value is { } value ? TypedResults.Ok(value) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<VolunteerStatus>, ValidationProblem, ProblemHttpResult>> SetDuty(
        VolunteerId id, DutyRequest request, ClaimsPrincipal user, PersonalData personal, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var status = errors.Required(request.Status, "status");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await grains.Volunteer(id).SetDuty(new DutyChange(status, request.OnCallUntil));
        // A team leader may set a member's duty; the answer shows the member's position only as precisely as a read would.
        return outcome.Value is { } value ? TypedResults.Ok(await personal.ForViewer(Caller.From(user)!, value)) : outcome.Refusal!.ToProblem();
    }

    /// <remarks>The answer is the status a read would give this caller: an administrator relaying a phone's report
    /// sees the position on the coarse grid like any other read, however the report was taken.</remarks>
    public static async Task<Results<Ok<VolunteerStatus>, ValidationProblem, ProblemHttpResult>> ReportLocation(
        VolunteerId id, LocationRequest request, ClaimsPrincipal user, PersonalData personal, IGrainFactory grains, TimeProvider time)
    {
        var errors = new RequestErrors();
        var report = request.ToReport(errors, "", time.GetUtcNow());
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await grains.Volunteer(id).ReportLocation(report);
        return outcome.Value is { } value ? TypedResults.Ok(await personal.ForViewer(Caller.From(user)!, value)) : outcome.Refusal!.ToProblem();
    }

    /// <remarks>The location is precise only for those <see cref="Mobilize.Grains.Privacy.LocationPrivacy"/> allows.</remarks>
    public static async Task<Results<Ok<VolunteerStatus>, ProblemHttpResult>> GetStatus(
        VolunteerId id, ClaimsPrincipal user, PersonalData personal, IGrainFactory grains)
    {
        var outcome = await grains.Volunteer(id).GetStatus();
        return outcome.Value is { } status ? TypedResults.Ok(await personal.ForViewer(Caller.From(user)!, status)) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<ServiceSummary>, ProblemHttpResult>> GetServiceRecord(VolunteerId id, IGrainFactory grains) =>
        Answer(await grains.Volunteer(id).GetServiceSummary());

    private static Results<Ok<VolunteerProfile>, ValidationProblem, ProblemHttpResult> Profile(Outcome<VolunteerProfile> outcome) =>
        outcome.Value is { } value ? TypedResults.Ok(value) : outcome.Refusal!.ToProblem();

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) where T : class =>
        outcome.Value is { } value ? TypedResults.Ok(value) : outcome.Refusal!.ToProblem();
}
