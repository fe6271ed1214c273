using System.Collections.Immutable;
using Mobilize.Drills.Geography;

namespace Mobilize.Drills.Scenarios;

/// <summary>Turns the file's nullable shape into a <see cref="Scenario"/>, collecting one message per bad field.</summary>
internal static class ScenarioValidation
{
    public static Scenario? Check(ScenarioFile file, List<string> errors)
    {
        var city = file.City ?? "beijing";
        if (!DistrictMap.Cities.Contains(city)) errors.Add($"city: must be one of {string.Join(", ", DistrictMap.Cities)}");
        var teams = Positive(file.Jurisdiction?.Teams ?? 200, "jurisdiction.teams", errors);
        var members = file.Jurisdiction?.MembersPerTeam ?? 10;
        if (members < 2) errors.Add("jurisdiction.membersPerTeam: must be 2 or more (a team musters with two)");
        var duration = file.Duration ?? TimeSpan.Zero;
        if (file.Duration is null) errors.Add("duration: is required (hh:mm:ss)");
        else if (duration <= TimeSpan.Zero) errors.Add("duration: must be positive");

        var plans = ImmutableArray.CreateBuilder<ScenarioPlan>();
        var planList = file.Plans ?? [];
        for (var i = 0; i < planList.Length; i++) plans.Add(Plan(planList[i], $"plans[{i}]", errors));
        var phones = Phones(file.Phones, errors);
        var injects = new List<(int Index, Inject Inject)>();
        if (file.Injects is not { Length: > 0 } injectList) errors.Add("injects: at least one inject is required");
        else
            for (var i = 0; i < injectList.Length; i++)
                if (Inject(injectList[i], $"injects[{i}]", duration, errors) is { } inject) injects.Add((i, inject));
        var known = plans.Select(p => p.IncidentType).ToHashSet();
        foreach (var (i, inject) in injects)
        {
            var types = inject switch
            {
                IncidentInject incident => [incident.IncidentType],
                IncidentStreamInject stream => stream.IncidentTypes,
                _ => ImmutableArray<string>.Empty,
            };
            foreach (var type in types.Where(t => !known.Contains(t)))
                errors.Add($"injects[{i}].incidentType: no plan in plans covers '{type}'");
        }
        return errors.Count > 0 ? null : new Scenario(file.Name ?? "drill", city, teams, members, duration, plans.ToImmutable(), phones,
            [.. injects.Select(x => x.Inject).OrderBy(x => x.At)]);
    }

    private static ScenarioPlan Plan(PlanFile? plan, string field, List<string> errors)
    {
        if (plan is null)
        {
            errors.Add($"{field}: is required");
            return null!;
        }
        if (string.IsNullOrWhiteSpace(plan.IncidentType)) errors.Add($"{field}.incidentType: is required");
        var requirements = ImmutableArray.CreateBuilder<ScenarioRequirement>();
        var list = plan.Requirements ?? [];
        if (list.IsEmpty) errors.Add($"{field}.requirements: at least one requirement is required");
        for (var i = 0; i < list.Length; i++)
        {
            var r = list[i];
            var at = $"{field}.requirements[{i}]";
            if (r is null)
            {
                errors.Add($"{at}: is required");
                continue;
            }
            if (string.IsNullOrWhiteSpace(r.Capability)) errors.Add($"{at}.capability: is required");
            requirements.Add(new ScenarioRequirement(r.Key ?? r.Capability ?? "", r.Capability ?? "",
                Positive(r.Teams ?? 1, $"{at}.teams", errors), Positive(r.MinimumMembers ?? 2, $"{at}.minimumMembers", errors)));
        }
        var timeout = plan.OfferTimeout ?? TimeSpan.FromMinutes(2);
        if (timeout < TimeSpan.FromSeconds(30)) errors.Add($"{field}.offerTimeout: must be at least 00:00:30");
        var radius = plan.RadiusMeters ?? 10_000;
        if (radius <= 0) errors.Add($"{field}.radiusMeters: must be positive");
        ScenarioRest? rest = null;
        if (plan.Rest is { } r2)
        {
            if (r2.MinimumMinutes is not >= 0) errors.Add($"{field}.rest.minimumMinutes: is required, 0 or more");
            if (r2.PerHourWorkedMinutes is not >= 0) errors.Add($"{field}.rest.perHourWorkedMinutes: is required, 0 or more");
            if (r2.MaximumMinutes is not { } max || max < (r2.MinimumMinutes ?? 0)) errors.Add($"{field}.rest.maximumMinutes: is required, at least minimumMinutes");
            rest = new ScenarioRest(r2.MinimumMinutes ?? 0, r2.PerHourWorkedMinutes ?? 0, r2.MaximumMinutes ?? 0);
        }
        if (plan.StandDownAfter is { } after && after <= TimeSpan.Zero) errors.Add($"{field}.standDownAfter: must be positive");
        return new ScenarioPlan(plan.IncidentType ?? "", requirements.ToImmutable(), radius, timeout, plan.OverOfferFactor ?? 1.5, rest, plan.StandDownAfter);
    }

    private static PhoneBehaviour Phones(PhonesFile? phones, List<string> errors)
    {
        var d = PhoneBehaviour.Default;
        if (phones is null) return d;
        var acceptance = phones.Acceptance ?? d.Acceptance;
        if (acceptance is < 0 or > 1) errors.Add("phones.acceptance: must be between 0 and 1");
        var min = phones.AnswerDelayMinSeconds ?? d.AnswerDelayMin.TotalSeconds;
        var max = phones.AnswerDelayMaxSeconds ?? Math.Max(min, d.AnswerDelayMax.TotalSeconds);
        if (min < 0) errors.Add("phones.answerDelayMinSeconds: must be 0 or more");
        if (max < min) errors.Add("phones.answerDelayMaxSeconds: must not be less than answerDelayMinSeconds");
        var speed = phones.SpeedKmh ?? d.SpeedKmh;
        if (speed <= 0) errors.Add("phones.speedKmh: must be positive");
        var service = phones.ServiceMinutes ?? d.Service.TotalMinutes;
        if (service <= 0) errors.Add("phones.serviceMinutes: must be positive");
        return errors.Count > 0 ? d : new PhoneBehaviour(acceptance, TimeSpan.FromSeconds(min), TimeSpan.FromSeconds(max), speed, TimeSpan.FromMinutes(service));
    }

    private static Inject? Inject(InjectFile? inject, string field, TimeSpan duration, List<string> errors)
    {
        if (inject is null)
        {
            errors.Add($"{field}: is required");
            return null;
        }
        var count = errors.Count;
        var at = inject.At ?? TimeSpan.Zero;
        if (inject.At is null) errors.Add($"{field}.at: is required (hh:mm:ss after the start)");
        else if (at < TimeSpan.Zero || (duration > TimeSpan.Zero && at > duration)) errors.Add($"{field}.at: must be between 00:00:00 and the duration");
        var severity = inject.Severity ?? 3;
        if (severity is < 1 or > 4) errors.Add($"{field}.severity: must be between 1 and 4 (the four emergency levels)");
        Inject? result = inject.Kind switch
        {
            "incident" => Incident(inject, field, at, severity, errors),
            "incident-stream" => Stream(inject, field, at, severity, errors),
            "off-duty" => new OffDutyInject(at, Share(inject.Share, field, errors), inject.District, inject.For),
            "connection-drop" => new ConnectionDropInject(at, Share(inject.Share, field, errors), inject.For ?? TimeSpan.FromMinutes(1)),
            null => Fail($"{field}.kind: is required", errors),
            _ => Fail($"{field}.kind: must be incident, incident-stream, off-duty or connection-drop, not '{inject.Kind}'", errors),
        };
        return errors.Count == count ? result : null;
    }

    private static IncidentInject? Incident(InjectFile inject, string field, TimeSpan at, int severity, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(inject.IncidentType)) errors.Add($"{field}.incidentType: is required");
        if ((inject.Latitude is null) != (inject.Longitude is null)) errors.Add($"{field}.longitude: give both latitude and longitude, or neither");
        if (inject.Latitude is < -90 or > 90) errors.Add($"{field}.latitude: must be between -90 and 90");
        if (inject.Longitude is < -180 or > 180) errors.Add($"{field}.longitude: must be between -180 and 180");
        return new IncidentInject(at, inject.IncidentType ?? "", inject.District, inject.Latitude, inject.Longitude, severity);
    }

    private static IncidentStreamInject? Stream(InjectFile inject, string field, TimeSpan at, int severity, List<string> errors)
    {
        if (inject.PerMinute is not > 0) errors.Add($"{field}.perMinute: is required and must be positive");
        if (inject.Until is not { } until || until <= at) errors.Add($"{field}.until: is required and must be after at");
        if (inject.IncidentTypes is not { Length: > 0 }) errors.Add($"{field}.incidentTypes: at least one type is required");
        return new IncidentStreamInject(at, inject.Until ?? at, inject.PerMinute ?? 0, inject.IncidentTypes ?? [], severity);
    }

    private static double Share(double? share, string field, List<string> errors)
    {
        if (share is not (> 0 and <= 1)) errors.Add($"{field}.share: is required, more than 0 and at most 1");
        return share ?? 0;
    }

    private static int Positive(int value, string field, List<string> errors)
    {
        if (value < 1) errors.Add($"{field}: must be 1 or more");
        return value;
    }

    private static Inject? Fail(string message, List<string> errors)
    {
        errors.Add(message);
        return null;
    }
}
