using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Exercises;

public static class ExercisesApi
{
    // POST /api/exercises                                   start a named exercise (演练) for an organisation
    // GET  /api/exercises/{id}                              the exercise and the incidents it injected
    // POST /api/exercises/{id}/end                          stand down its incidents and freeze the after-action report
    // GET  /api/exercises/{id}/report                       the after-action report (复盘报告) as JSON
    // GET  /api/exercises/{id}/report.html                  the same as a self-contained page with charts
    // GET  /api/exercises/{id}/report/compare/{otherId}     two runs side by side (JSON; .html for the page)
    // GET  /api/organisations/{id}/exercises                exercises started there or beneath, newest first
    // Incidents are injected with POST /api/incidents and an exerciseId.
    public static IEndpointRouteBuilder MapExercisesApi(this IEndpointRouteBuilder app)
    {
        var grains = app.ServiceProvider.GetRequiredService<IGrainFactory>();
        var exercise = ExerciseAccess.Route("id");
        var both = ExerciseAccess.Route("id", "otherId");
        var organisation = Target.Route<OrganisationId>("id");
        var api = app.MapGroup("/api/exercises").WithTags("Exercises").RequireAuthorization();
        // Who may read an exercise (or two, to compare them): its commanders and observers.
        Rule[] readers = [ExerciseAccess.Commanders(grains, exercise), ExerciseAccess.Observers(grains, exercise)];
        Rule[] readersOfBoth = [ExerciseAccess.Commanders(grains, both), ExerciseAccess.Observers(grains, both)];
        api.MapPost("/", CreateExercise).Allow(Rule.Commanders(Target.Body<CreateExerciseRequest, OrganisationId>("organisationId", r => r.OrganisationId)));
        api.MapGet("/{id}", GetExercise).Allow(readers);
        api.MapPost("/{id}/end", EndExercise).Allow(ExerciseAccess.Commanders(grains, exercise));
        api.MapGet("/{id}/report", GetReport).Allow(readers);
        api.MapGet("/{id}/report.html", GetReportPage).Allow(readers);
        api.MapGet("/{id}/report/compare/{otherId}", Compare).Allow(readersOfBoth);
        api.MapGet("/{id}/report/compare/{otherId}.html", ComparePage).Allow(readersOfBoth);
        app.MapGet("/api/organisations/{id}/exercises", ListExercises).WithTags("Exercises").RequireAuthorization()
            .Allow(Rule.Commanders(organisation), Rule.Observers(organisation));
        return app;
    }

    public static async Task<Results<Created<ExerciseView>, ValidationProblem, ProblemHttpResult>> CreateExercise(
        CreateExerciseRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var name = errors.Required(request.Name, "name");
        var organisation = errors.Required(request.OrganisationId, "organisationId");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        // Generated when the client gives none; a retry with the same Idempotency-Key gets the first answer back.
        var id = request.Id ?? ExerciseId.Create($"ex-{Guid.NewGuid():N}");
        var outcome = await grains.Exercise(id).Create(new ExercisePlan(id, name, organisation, request.TakesVolunteersFromRealDuty ?? false, request.Note));
        return outcome.Value is { } view ? TypedResults.Created($"/api/exercises/{id}", view) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<ExerciseView>, ProblemHttpResult>> GetExercise(ExerciseId id, IGrainFactory grains) =>
        Answer(await grains.Exercise(id).Get());

    public static async Task<Results<Ok<ExerciseView>, ProblemHttpResult>> EndExercise(ExerciseId id, IGrainFactory grains) =>
        Answer(await grains.Exercise(id).End());

    public static async Task<Results<Ok<AfterActionReport>, ProblemHttpResult>> GetReport(ExerciseId id, IGrainFactory grains) =>
        Answer(await grains.Exercise(id).GetReport());

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetReportPage(ExerciseId id, IGrainFactory grains)
    {
        var outcome = await grains.Exercise(id).GetReport();
        return outcome.Value is { } report ? Html(ReportPage.Render(report, await NamesAsync(report, grains))) : outcome.Refusal!.ToProblem();
    }

    /// <summary>The names behind the report's ids, read now: the report itself stays free of them so two runs compare.</summary>
    private static async Task<ReportNames> NamesAsync(AfterActionReport report, IGrainFactory grains)
    {
        var ids = report.Teams.Select(t => t.Team).Concat(report.NeverReached.Select(n => n.Team)).Concat(report.CalledAway.Select(c => c.Team)).Distinct().ToArray();
        var teams = await Task.WhenAll(ids.Select(async id => (id, view: (await grains.Team(id).Get()).Value)));
        var organisation = (await grains.Organisation(report.Exercise.Organisation).Get()).Value?.Node.Name;
        return new ReportNames(organisation, teams.Where(t => t.view is not null).ToImmutableDictionary(t => t.id, t => t.view!.Name));
    }

    public static async Task<Results<Ok<AfterActionComparison>, ProblemHttpResult>> Compare(ExerciseId id, ExerciseId otherId, IGrainFactory grains)
    {
        var (comparison, refusal) = await CompareAsync(id, otherId, grains);
        return comparison is not null ? TypedResults.Ok(comparison) : refusal!.ToProblem();
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ComparePage(ExerciseId id, ExerciseId otherId, IGrainFactory grains)
    {
        var (comparison, refusal) = await CompareAsync(id, otherId, grains);
        return comparison is not null ? Html(ComparisonPage.Render(comparison)) : refusal!.ToProblem();
    }

    public static async Task<Results<Ok<ImmutableArray<ExerciseView>>, ProblemHttpResult>> ListExercises(OrganisationId id, IGrainFactory grains)
    {
        if ((await grains.Organisation(id).Get()).Refusal is { } refusal) return refusal.ToProblem();
        var marks = await grains.Exercises(id).List();
        var views = await Task.WhenAll(marks.Select(m => grains.Exercise(m.Exercise).Get()));
        return TypedResults.Ok(views.Where(v => v.Value is not null).Select(v => v.Value!).ToImmutableArray());
    }

    private static async Task<(AfterActionComparison? Comparison, Refusal? Refusal)> CompareAsync(ExerciseId id, ExerciseId otherId, IGrainFactory grains)
    {
        var baseline = await grains.Exercise(id).GetReport();
        if (baseline.Value is null) return (null, baseline.Refusal);
        var other = await grains.Exercise(otherId).GetReport();
        if (other.Value is null) return (null, other.Refusal);
        return (AfterActionComparison.Of(baseline.Value, other.Value), null);
    }

    private static ContentHttpResult Html(string page) => TypedResults.Content(page, "text/html", System.Text.Encoding.UTF8);

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) where T : class =>
        outcome.Value is { } value ? TypedResults.Ok(value) : outcome.Refusal!.ToProblem();
}

/// <param name="Id">Optional; generated when absent.</param>
/// <param name="TakesVolunteersFromRealDuty">Default false: teams on the exercise stay available to real incidents.</param>
public sealed record CreateExerciseRequest(ExerciseId? Id, [property: Required] [property: MaxLength(ExercisePlan.MaxNameLength)] string? Name, [property: Required] OrganisationId? OrganisationId, bool? TakesVolunteersFromRealDuty, [property: MaxLength(ExercisePlan.MaxNoteLength)] string? Note);
