using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Mobilize.Drills.Running;
using Mobilize.Drills.Scenarios;

namespace Mobilize.Drills.Phones;

/// <summary>Every simulated phone of a drill: keeps each one listening on its transport, answers offers as its volunteer
/// decides, travels, checks in and out, all through the server's public interfaces.</summary>
public sealed class PhoneFleet(
    IReadOnlyList<SimulatedPhone> phones,
    MobilizeClient api,
    HttpClient longPolls,
    DrillClock clock,
    int seed,
    PhoneBehaviour behaviour,
    TimeSpan pollInterval,
    DrillMetrics metrics)
{
    public const int LongPollSeconds = 25;

    private readonly ConcurrentDictionary<string, (double Latitude, double Longitude)> _places = new();
    private readonly ConcurrentQueue<AnswerRecord> _answers = new();
    private readonly ConcurrentQueue<AnswerRecord> _decisions = new();
    private int _inFlight;

    public IReadOnlyList<SimulatedPhone> Phones => phones;

    /// <summary>Answers in the order the server acknowledged them.</summary>
    public IReadOnlyCollection<AnswerRecord> Answers => _answers;

    /// <summary>What each volunteer decided about each offer heard while on duty, whether or not the answer came in time.</summary>
    public IReadOnlyCollection<AnswerRecord> Decisions => _decisions;

    /// <summary>Where an incident is, for the journey there (the runner created it, so it knows).</summary>
    public void IncidentAt(string incident, double latitude, double longitude) => _places[incident] = (latitude, longitude);

    public Task RunAsync(CancellationToken drillEnd) => Task.WhenAll(phones.Select(p => Task.Run(() => Listen(p, drillEnd), drillEnd)));

    /// <summary>Answers, journeys and check-ins still under way.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    private async Task Listen(SimulatedPhone phone, CancellationToken drillEnd)
    {
        // Spread the first connections over a few seconds, as phones of a city do not all wake at once.
        await Task.Delay(TimeSpan.FromMilliseconds(PhoneDecisions.Uniform(seed, phone.Volunteer.Id, "wake", 0) * Math.Min(10_000, phones.Count)), drillEnd)
            .ContinueWith(_ => { }, TaskScheduler.Default);
        while (!drillEnd.IsCancellationRequested)
        {
            var connection = phone.Connection;
            if (phone.Token is null)
            {
                try
                {
                    phone.Token = await api.VolunteerTokenAsync(phone.Volunteer.Id, drillEnd);
                }
                catch (Exception e) when (e is DrillRequestException or HttpRequestException)
                {
                    metrics.PhoneError(e);
                    await Task.Delay(TimeSpan.FromSeconds(1), drillEnd).ContinueWith(_ => { }, TaskScheduler.Default);
                    continue;
                }
            }
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(drillEnd, connection.Token);
            try
            {
                if (!connection.IsCancellationRequested)
                    await (phone.Transport == PhoneTransport.Hub ? ListenOnHub(phone, linked.Token) : Pull(phone, linked.Token));
            }
            catch (Exception) when (drillEnd.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!connection.IsCancellationRequested)
            {
                metrics.PhoneError(e);
                await Task.Delay(TimeSpan.FromSeconds(1), drillEnd).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception)
            {
                // The network dropped on purpose (an inject); wait for it to come back below.
            }
            while (phone.Connection.IsCancellationRequested && !drillEnd.IsCancellationRequested)
                await Task.Delay(TimeSpan.FromMilliseconds(250), drillEnd).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ListenOnHub(SimulatedPhone phone, CancellationToken cancellation)
    {
        var batches = Channel.CreateUnbounded<JsonArray>(new() { SingleReader = true });
        await using var hub = await HubFeed.ConnectAsync(api.BaseAddress, phone.Token!, e =>
        {
            batches.Writer.TryWrite(e);
            return Task.CompletedTask;
        }, cancellation);
        metrics.HubConnected();
        // Catch up first, then take pushes in order; a push that skips numbers means something was missed on the way.
        await CatchUp(phone, hub, cancellation);
        var reading = Process(phone, hub, batches.Reader, cancellation);
        await Task.WhenAny(hub.Run, reading);
        batches.Writer.TryComplete();
        await hub.Run;
    }

    private async Task Process(SimulatedPhone phone, HubFeed hub, ChannelReader<JsonArray> batches, CancellationToken cancellation)
    {
        await foreach (var batch in batches.ReadAllAsync(cancellation))
        {
            if (batch.FirstOrDefault()?["sequence"]?.GetValue<long>() is { } first && first > phone.LastSequence + 1)
                await CatchUp(phone, hub, cancellation);
            Handle(phone, phone.Take(batch), cancellation);
        }
    }

    private async Task CatchUp(SimulatedPhone phone, HubFeed hub, CancellationToken cancellation)
    {
        // The hub answers a page at a time; a phone back from a long gap asks until it has all.
        JsonNode? result;
        do
        {
            result = await hub.InvokeAsync("CatchUp", [phone.LastSequence], cancellation);
            Apply(phone, result, cancellation);
        } while (result?["more"]?.GetValue<bool>() == true && !cancellation.IsCancellationRequested);
    }

    private async Task Pull(SimulatedPhone phone, CancellationToken cancellation)
    {
        var longPoll = phone.Transport == PhoneTransport.LongPoll;
        var http = longPoll ? longPolls : api.Http;
        while (!cancellation.IsCancellationRequested)
        {
            var path = $"/api/volunteers/{Uri.EscapeDataString(phone.Volunteer.Id)}/feed?after={phone.LastSequence}&waitSeconds={(longPoll ? LongPollSeconds : 0)}";
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new("Bearer", phone.Token) } };
            using var response = await http.SendAsync(request, cancellation);
            response.EnsureSuccessStatusCode();
            metrics.Pulled();
            Apply(phone, JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellation)), cancellation);
            if (!longPoll)
                await clock.Delay(pollInterval * (0.5 + PhoneDecisions.Uniform(seed, phone.Volunteer.Id, "poll", (int)phone.LastSequence)), cancellation);
        }
    }

    private void Apply(SimulatedPhone phone, JsonNode? result, CancellationToken cancellation)
    {
        if (result is null) return;
        if (result["events"] is JsonArray events) Handle(phone, phone.Take(events), cancellation);
        if (result["snapshotNeeded"]?.GetValue<bool>() == true) phone.SkipTo(result["lastSequence"]!.GetValue<long>());
    }

    private void Handle(SimulatedPhone phone, List<FeedEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case "offer-sent" when e.Offer is { } offer && e.Incident is { } incident && phone.FirstHeard(offer):
                    metrics.OfferHeard(incident, phone.Transport);
                    if (phone.OnDuty) Track(() => Answer(phone, incident, e.Team ?? phone.Team.Id, offer, cancellation));
                    break;
                case "offer-withdrawn" when e.Offer is { } offer:
                    phone.Close(offer);
                    break;
                case "offer-answered" when e.Offer is { } offer && e.Detail?.StartsWith("mustered", StringComparison.Ordinal) == true:
                    if (phone.TakeAccepted(offer) is { } going) Track(() => Attend(phone, going, cancellation));
                    break;
            }
        }
    }

    private async Task Answer(SimulatedPhone phone, string incident, string team, string offer, CancellationToken cancellation)
    {
        var (accept, delay) = PhoneDecisions.Decide(seed, phone.Volunteer.Id, offer, behaviour);
        _decisions.Enqueue(new AnswerRecord(incident, offer, phone.Volunteer.Id, accept));
        await clock.Delay(delay, cancellation);
        if (phone.IsClosed(offer) || !phone.OnDuty)
        {
            metrics.AnswerTooLate();
            return;
        }
        var eta = accept ? Travel(phone, incident).TotalMinutes : (double?)null;
        if (accept) phone.Accepted(offer, incident);
        var answer = await api.TrySend(HttpMethod.Post, $"/api/teams/{Uri.EscapeDataString(team)}/offers/{Uri.EscapeDataString(offer)}/answers",
            new { volunteerId = phone.Volunteer.Id, answer = accept ? "Accept" : "Decline", etaMinutes = eta is { } m ? Math.Min(1440, Math.Round(m, 1)) : (double?)null },
            cancellation, phone.Token);
        if (answer.Ok)
        {
            _answers.Enqueue(new AnswerRecord(incident, offer, phone.Volunteer.Id, accept));
            metrics.Answered(accept);
        }
        else
        {
            if (accept) phone.TakeAccepted(offer);
            metrics.AnswerRefused();
        }
    }

    private async Task Attend(SimulatedPhone phone, string incident, CancellationToken cancellation)
    {
        await clock.Delay(Travel(phone, incident), cancellation);
        var body = new { volunteerId = phone.Volunteer.Id, teamId = phone.Team.Id };
        var checkIn = await api.TrySend(HttpMethod.Post, $"/api/incidents/{Uri.EscapeDataString(incident)}/check-ins", body, cancellation, phone.Token);
        if (!checkIn.Ok)
        {
            // The team was not taken after all (the requirement filled first) or was stood down on the way.
            metrics.CheckInRefused();
            return;
        }
        metrics.CheckedIn();
        await clock.Delay(behaviour.Service, cancellation);
        if ((await api.TrySend(HttpMethod.Post, $"/api/incidents/{Uri.EscapeDataString(incident)}/check-outs", body, cancellation, phone.Token)).Ok)
            metrics.CheckedOut();
    }

    private TimeSpan Travel(SimulatedPhone phone, string incident)
    {
        var meters = _places.TryGetValue(incident, out var place)
            ? PhoneDecisions.DistanceMeters(phone.Volunteer.Latitude, phone.Volunteer.Longitude, place.Latitude, place.Longitude)
            : 5_000;
        return TimeSpan.FromHours(meters / 1000 / behaviour.SpeedKmh);
    }

    private void Track(Func<Task> work)
    {
        Interlocked.Increment(ref _inFlight);
        _ = Task.Run(async () =>
        {
            try
            {
                await work();
            }
            catch (OperationCanceledException)
            {
                // The drill ended while the volunteer was still deciding or on the way.
            }
            catch (Exception e)
            {
                metrics.PhoneError(e);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
    }
}

/// <summary>One answer the server acknowledged.</summary>
public sealed record AnswerRecord(string Incident, string Offer, string Volunteer, bool Accepted);
