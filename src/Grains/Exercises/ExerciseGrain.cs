using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Exercises;

/// <param name="Report">Frozen when the exercise ends, so later changes to its incidents cannot rewrite the record.</param>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.exercise-state")]
internal sealed record ExerciseState(
    ExercisePlan Plan,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    ImmutableList<IncidentId> Incidents,
    AfterActionReport? Report);

// The grain type is part of every stored row: keep it stable.
[GrainType("exercise")]
internal sealed class ExerciseGrain([PersistentState("exercise")] IPersistentState<ExerciseState> state, TimeProvider time)
    : Grain, IExerciseGrain
{
    private ExerciseId Id => ExerciseId.Create(this.GetPrimaryKeyString());

    public async Task<Outcome<ExerciseView>> Create(ExercisePlan plan)
    {
        plan = plan with { Name = plan.Name?.Trim() ?? string.Empty, Id = Id };
        if (state.Stored() is { } existing)
            return existing.Plan == plan ? View(existing) : Refusal.Conflict("exercise.exists", $"Exercise {Id} already exists with other details.");
        var errors = plan.Validate();
        if (!errors.IsEmpty) return Refusal.Invalid(errors);
        var ladder = (await GrainFactory.Organisation(plan.Organisation).GetLadder()).Value;
        if (ladder is null) return Refusal.Invalid("organisationId", "organisation not found");

        state.State = new ExerciseState(plan, time.GetUtcNow(), null, [], null);
        await state.WriteStateAsync();
        var mark = new ExerciseMark(Id, plan.Organisation, state.State.StartedAt);
        foreach (var node in ladder.Nodes) await GrainFactory.Exercises(node.Id).Note(mark);
        return View(state.State);
    }

    public Task<Outcome<ExerciseView>> Get() =>
        Task.FromResult<Outcome<ExerciseView>>(state.Stored() is { } s ? View(s) : Missing());

    public async Task<Outcome<IncidentSummary>> Inject(IncidentId incident, IncidentRequest request)
    {
        if (state.Stored() is not { } s) return Missing();
        if (s.EndedAt is not null) return Refusal.Conflict("exercise.ended", $"Exercise {Id} has ended; start another to inject more.");
        if (request.Organisation.IsEmpty || !await GrainFactory.Organisation(request.Organisation).IsWithin(s.Plan.Organisation))
            return Refusal.Invalid("organisationId", $"must be {s.Plan.Organisation} or beneath it");

        // Listed before it exists, so a crash in between leaves an id the report skips rather than an incident it never sees.
        var listed = s.Incidents.Contains(incident);
        if (!listed)
        {
            state.State = s with { Incidents = s.Incidents.Add(incident) };
            await state.WriteStateAsync();
        }
        var outcome = await GrainFactory.Incident(incident).Create(request with
        {
            Exercise = true,
            ExerciseId = Id,
            TakesFromRealDuty = s.Plan.TakesVolunteersFromRealDuty,
        });
        if (outcome.Refusal is not null && !listed)
        {
            state.State = state.State! with { Incidents = state.State.Incidents.Remove(incident) };
            await state.WriteStateAsync();
        }
        return outcome;
    }

    public async Task<Outcome<ExerciseView>> End()
    {
        if (state.Stored() is not { } s) return Missing();
        if (s.EndedAt is not null) return View(s);
        foreach (var incident in s.Incidents) await GrainFactory.Incident(incident).StandDown();
        var ended = s with { EndedAt = time.GetUtcNow() };
        state.State = ended with { Report = AfterAction.Compute(await Facts(ended)) };
        await state.WriteStateAsync();
        return View(state.State);
    }

    public async Task<Outcome<AfterActionReport>> GetReport()
    {
        if (state.Stored() is not { } s) return Missing();
        return s.Report ?? AfterAction.Compute(await Facts(s));
    }

    private async Task<AfterActionFacts> Facts(ExerciseState s)
    {
        var incidents = ImmutableArray.CreateBuilder<IncidentFacts>();
        foreach (var id in s.Incidents)
        {
            var grain = GrainFactory.Incident(id);
            if ((await grain.GetSummary()).Value is not { } summary) continue;
            var timeline = (await grain.GetTimeline()).ValueOrThrow();
            var explanation = (await grain.Explain()).ValueOrThrow();
            incidents.Add(new IncidentFacts(summary, timeline.Entries, explanation.Candidates));
        }
        return new AfterActionFacts(View(s), incidents.ToImmutable());
    }

    private ExerciseView View(ExerciseState s) => new(Id, s.Plan.Name, s.Plan.Organisation, s.Plan.TakesVolunteersFromRealDuty, s.Plan.Note,
        s.EndedAt is null ? ExerciseStatus.Running : ExerciseStatus.Ended, s.StartedAt, s.EndedAt, [.. s.Incidents]);

    private Refusal Missing() => Refusal.NotFound("exercise.not-found", $"Exercise {this.GetPrimaryKeyString()} does not exist.");
}
