using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Actors;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

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
        api.MapPost("/", RegisterVolunteer);
        api.MapGet("/{id}", GetVolunteer);
        api.MapPut("/{id}/certifications", UpdateCertifications);
        api.MapPut("/{id}/insurance", UpdateInsurance);
        api.MapPut("/{id}/duty", SetDuty);
        api.MapPut("/{id}/location", ReportLocation);
        api.MapGet("/{id}/status", GetStatus);
        api.MapGet("/{id}/service-record", GetServiceRecord);
        return app;
    }

    public static async Task<Results<Created<VolunteerProfile>, ValidationProblem, ProblemHttpResult>> RegisterVolunteer(
        RegisterVolunteerRequest request, IGrainFactory grains)
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
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcome = await grains.Volunteer(id).Register(registration);
        return outcome.Value is { } profile
            ? TypedResults.Created($"/api/volunteers/{id}", profile)
            : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<VolunteerProfile>, ProblemHttpResult>> GetVolunteer(VolunteerId id, IGrainFactory grains) =>
        Answer(await grains.Volunteer(id).GetProfile(revealPersonalData: false));

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
        VolunteerId id, DutyRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var status = errors.Required(request.Status, "status");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await grains.Volunteer(id).SetDuty(new DutyChange(status, request.OnCallUntil));
        return outcome.Value is { } value ? TypedResults.Ok(value) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<VolunteerStatus>, ValidationProblem, ProblemHttpResult>> ReportLocation(
        VolunteerId id, LocationRequest request, IGrainFactory grains, TimeProvider time)
    {
        var errors = new RequestErrors();
        var report = request.ToReport(errors, "", time.GetUtcNow());
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await grains.Volunteer(id).ReportLocation(report);
        return outcome.Value is { } value ? TypedResults.Ok(value) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<VolunteerStatus>, ProblemHttpResult>> GetStatus(VolunteerId id, IGrainFactory grains) =>
        Answer(await grains.Volunteer(id).GetStatus());

    public static async Task<Results<Ok<ServiceSummary>, ProblemHttpResult>> GetServiceRecord(VolunteerId id, IGrainFactory grains) =>
        Answer(await grains.Volunteer(id).GetServiceSummary());

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) where T : class =>
        outcome.Value is { } value ? TypedResults.Ok(value) : outcome.Refusal!.ToProblem();
}
