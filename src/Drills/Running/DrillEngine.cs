using System.Collections.Immutable;
using System.Diagnostics;
using Mobilize.Drills.Geography;
using Mobilize.Drills.Jurisdictions;
using Mobilize.Drills.Phones;
using Mobilize.Drills.Scenarios;

namespace Mobilize.Drills.Running;

/// <summary>Runs a scenario against a server: registers the jurisdiction, wakes the phones, plays the injects on the
/// drill clock, watches every incident fill, and stands them down at the end. Seeded: the same seed, scenario and
/// server state give the same incidents and the same answers.</summary>
public sealed class DrillEngine(DrillOptions options, Scenario scenario, Jurisdiction jurisdiction, DistrictMap map)
{
    // The command centre and the phones do not share connections, as they would not in a city: a burst of polls from
    // fifty thousand phones must not queue the commander's next callout behind it.
    private readonly MobilizeClient _api = MobilizeClient.Create(options.Server, options.Token, maxConnections: 64);
    private readonly MobilizeClient _phones = MobilizeClient.Create(options.Server, options.Token, maxConnections: 512, timeout: TimeSpan.FromSeconds(40));
    private readonly DrillClock _clock = new(options.TimeScale);

    public DrillMetrics Metrics { get; private set; } = new(new DrillClock(options.TimeScale));


    public PhoneFleet? Fleet { get; private set; }

    /// <summary>registering, running, draining, standing down, done — for the runner's display.</summary>
    public string Phase { get; private set; } = "registering";

    public int TeamsRegistered { get; private set; }

    /// <summary>The exercise every incident of this drill belongs to, when the server has exercises.</summary>
    public string? ExerciseId { get; private set; }

    /// <summary>The after-action report, once the exercise has ended.</summary>
    public System.Text.Json.Nodes.JsonNode? Report { get; private set; }

    public TimeSpan DrillTime => _clock.Now;

    public async Task<DrillResult> RunAsync(CancellationToken cancellation)
    {
        var setup = Stopwatch.StartNew();
        await JurisdictionSetup.RegisterAsync(_api, jurisdiction, scenario.Plans, options.SetupParallel,
            new Progress<int>(n => TeamsRegistered = n), cancellation);
        // Phones get their tokens at enrolment, long before a callout: mint them all now, as part of the setup.
        var members = jurisdiction.Teams.SelectMany(t => t.Members).ToArray();
        var tokens = new string[members.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.SetupParallel), CancellationToken = cancellation },
            async (i, ct) => tokens[i] = await _api.VolunteerTokenAsync(members[i].Id, ct));
        setup.Stop();

        var phones = jurisdiction.Teams.SelectMany(t => t.Members.Select(v => (v, t)))
            .Select((p, i) => new SimulatedPhone(p.v, p.t, options.TransportOf(i, jurisdiction.VolunteerCount)) { Token = tokens[i] }).ToArray();
        using var longPolls = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(1, options.LongPollPhones + 16) })
        {
            BaseAddress = options.Server, Timeout = TimeSpan.FromSeconds(PhoneFleet.LongPollSeconds + 30),
        };
        Metrics = new DrillMetrics(_clock);
        Fleet = new PhoneFleet(phones, _phones, longPolls, _clock, options.Seed, scenario.Phones, options.PollEvery, Metrics);
        using var drillEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var listening = Fleet.RunAsync(drillEnd.Token);
        // Phones wake over up to ten seconds; start the timeline once they listen.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10_000, phones.Length) + 1_000), cancellation);
        _clock.Restart();

        ExerciseId = await StartExercise(cancellation);
        Phase = "running";
        var run = Stopwatch.StartNew();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var watcher = new IncidentWatcher(_api, Metrics).RunAsync(watching.Token);
        await Task.WhenAll(scenario.Injects.Select((inject, i) => Play(inject, i, cancellation)));
        await _clock.Until(scenario.Duration, cancellation);

        Phase = "draining";
        var drainUntil = _clock.Now + (options.Drain ?? scenario.Plans.Select(p => p.OfferTimeout * 3).DefaultIfEmpty(TimeSpan.FromMinutes(5)).Max());
        while (_clock.Now < drainUntil && Metrics.Incidents.Any(t => t.Open)) await Task.Delay(TimeSpan.FromMilliseconds(500), cancellation);
        await watching.CancelAsync();
        await watcher;
        await IncidentWatcher.RefreshAll(_api, Metrics, cancellation);
        if (options.StandDownAtEnd && ExerciseId is { } exercise)
        {
            // Ending the exercise stands down every incident it injected and freezes the after-action report.
            Phase = "standing down";
            await _api.Post($"/api/exercises/{exercise}/end", new { }, cancellation);
            Report = await _api.Get($"/api/exercises/{exercise}/report", cancellation);
        }
        else if (options.StandDownAtEnd)
        {
            Phase = "standing down";
            await Parallel.ForEachAsync(Metrics.Incidents.Where(t => t.Status is "Recruiting" or "Filled" or "Unfillable"),
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation },
                async (t, ct) => await _api.TrySend(HttpMethod.Post, $"/api/incidents/{t.Id}/stand-down", new { }, ct));
        }
        await drillEnd.CancelAsync();
        await listening;
        run.Stop();
        Phase = "done";
        return Result(setup.Elapsed, run.Elapsed, phones);
    }

    /// <summary>A named exercise for the whole drill, on servers that have them (<c>POST /api/exercises</c>); without,
    /// incidents are stand-alone drills (<c>exercise: true</c>).</summary>
    private async Task<string?> StartExercise(CancellationToken cancellation)
    {
        var started = await _api.TrySend(HttpMethod.Post, "/api/exercises",
            new { name = $"{scenario.Name} {options.RunTag}", organisationId = jurisdiction.CityOrganisation.Id, note = $"drill runner, seed {options.Seed}" },
            cancellation);
        if (started.Ok) return started.Body?["id"]?.GetValue<string>();
        if (started.Status == System.Net.HttpStatusCode.NotFound) return null;
        throw new DrillRequestException($"POST /api/exercises: {(int)started.Status} {started.Body?.ToJsonString()}", started.Status);
    }

    private async Task Play(Inject inject, int index, CancellationToken cancellation)
    {
        await _clock.Until(inject.At, cancellation);
        var random = new Random(HashCode.Combine(options.Seed, index) & int.MaxValue);
        switch (inject)
        {
            case IncidentInject incident:
                await OpenIncident(incident.IncidentType, incident.District, incident.Latitude, incident.Longitude, incident.Severity, $"{index:D3}", random, cancellation);
                break;
            case IncidentStreamInject stream:
                var every = TimeSpan.FromMinutes(1 / stream.PerMinute);
                var n = 0;
                for (var at = stream.At; at < stream.Until; at += every, n++)
                {
                    await _clock.Until(at, cancellation);
                    // Not awaited: a slow server must not slow the arrival of incidents, as it would not in a real flood.
                    _ = OpenIncident(stream.IncidentTypes[n % stream.IncidentTypes.Length], null, null, null, stream.Severity, $"{index:D3}-{n:D5}", random, cancellation);
                }
                break;
            case OffDutyInject offDuty:
                await OffDuty(offDuty, index, cancellation);
                break;
            case ConnectionDropInject drop:
                var dropped = Chosen(drop.Share, null, $"drop{index}").ToArray();
                foreach (var phone in dropped) await phone.Connection.CancelAsync();
                await _clock.Delay(drop.For, cancellation);
                foreach (var phone in dropped) phone.Connection = new CancellationTokenSource();
                break;
        }
    }

    private async Task OpenIncident(string type, string? districtName, double? latitude, double? longitude, int severity, string number,
        Random random, CancellationToken cancellation)
    {
        District district;
        double lat, lon;
        lock (random)
        {
            if (latitude is { } la && longitude is { } lo)
            {
                (lat, lon) = (la, lo);
                district = map.DistrictAt(la, lo) ?? map.Districts[0];
            }
            else
            {
                district = districtName is not null
                    ? map.Districts.FirstOrDefault(d => d.Name == districtName || d.Code == districtName) ?? throw new ArgumentException($"No district '{districtName}' in {map.City}.")
                    : WeightedDistrict(random);
                (lat, lon) = district.RandomPoint(random);
            }
        }
        var id = $"{jurisdiction.Prefix}-{options.RunTag}-i{number}";
        var plan = scenario.Plans.First(p => p.IncidentType == type);
        var needed = plan.Requirements.Sum(r => r.Teams);
        var organisation = jurisdiction.Districts.First(d => d.Code == district.Code).Id;
        Fleet!.IncidentAt(id, lat, lon);
        var track = Metrics.Created(id, type, district.Name, needed);
        var created = await _api.TrySend(HttpMethod.Post, "/api/incidents", new
        {
            id, incidentType = type, place = new { latitude = lat, longitude = lon }, organisationId = organisation, severity, exercise = true,
            exerciseId = ExerciseId,
            description = $"{scenario.Name} ({options.RunTag})",
        }, cancellation);
        if (!created.Ok)
        {
            track.Status = $"refused {(int)created.Status}";
            Metrics.PhoneError(new DrillRequestException($"POST /api/incidents {id}: {(int)created.Status} {created.Body?.ToJsonString()}", created.Status));
            return;
        }
        track.OffersRecorded = _clock.Wall - track.CreatedWall;
        if (track.Status == "Opening") track.Status = "Recruiting";
        if (plan.StandDownAfter is { } after) await StandDownLater(id, after, cancellation);
    }

    /// <summary>What a trainer does when an inject has run its course: stands the incident down, which releases its
    /// teams to rest by the plan's rule. Already stood down (the exercise ended first) is no error.</summary>
    private async Task StandDownLater(string incident, TimeSpan after, CancellationToken cancellation)
    {
        try
        {
            await _clock.Delay(after, cancellation);
            await _api.TrySend(HttpMethod.Post, $"/api/incidents/{incident}/stand-down", new { }, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The drill is over; its end stands down what is still open.
        }
    }

    private District WeightedDistrict(Random random)
    {
        var weights = Populations.Weights(map);
        var draw = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
            if ((draw -= weights[i]) < 0) return map.Districts[i];
        return map.Districts[^1];
    }

    private async Task OffDuty(OffDutyInject inject, int index, CancellationToken cancellation)
    {
        var district = inject.District is null ? null : jurisdiction.Districts.FirstOrDefault(d => d.Name == inject.District || d.Code == inject.District)?.Id;
        var chosen = Chosen(inject.Share, district, $"off{index}").ToArray();
        await SetDuty(chosen, false, cancellation);
        if (inject.For is not { } span) return;
        await _clock.Delay(span, cancellation);
        await SetDuty(chosen, true, cancellation);
    }

    private async Task SetDuty(IEnumerable<SimulatedPhone> phones, bool onDuty, CancellationToken cancellation) =>
        await Parallel.ForEachAsync(phones, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation }, async (phone, ct) =>
        {
            phone.OnDuty = onDuty;
            await _phones.TrySend(HttpMethod.Put, $"/api/volunteers/{phone.Volunteer.Id}/duty", new { status = onDuty ? "Available" : "Off" }, ct, phone.Token);
        });

    private IEnumerable<SimulatedPhone> Chosen(double share, string? districtId, string salt) =>
        Fleet!.Phones.Where(p => (districtId is null || p.Team.DistrictId == districtId) && PhoneDecisions.Uniform(options.Seed, p.Volunteer.Id, salt, 0) < share);

    private DrillResult Result(TimeSpan setup, TimeSpan run, SimulatedPhone[] phones)
    {
        var tracks = Metrics.Incidents;
        return new DrillResult(scenario.Name, options.Seed, options.TimeScale, jurisdiction.Teams.Length, phones.Length,
            phones.GroupBy(p => p.Transport.ToString()).ToImmutableDictionary(g => g.Key, g => g.Count()),
            Metrics.Counts,
            DrillMetrics.Percentiles(tracks.Where(t => t.OffersRecorded is not null).Select(t => t.OffersRecorded!.Value.TotalSeconds)),
            DrillMetrics.Percentiles(tracks.Where(t => t.FirstOfferHeard is not null).Select(t => t.FirstOfferHeard!.Value.TotalSeconds)),
            DrillMetrics.Percentiles(tracks.Where(t => t.TimeToFill is not null).Select(t => t.TimeToFill!.Value.TotalSeconds)),
            setup, run, ExerciseId, [.. Metrics.FirstErrors]);
    }
}
