using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mobilize.LoadDriver;

/// <summary>Issue #3's callout target over HTTP: <c>POST /api/incidents</c> at a fixed rate, open loop (a create never
/// waits for an earlier one), each timed from its scheduled instant to the server's 201, which the server sends only
/// once the first offers are durably recorded.</summary>
internal static class CalloutLoad
{
    private static readonly JsonSerializerOptions Json = Driver.Json;
    private static readonly string[] Districts = Driver.Districts;

    public static async Task<bool> RunAsync(IReadOnlyList<Uri> targets, string token, DriverOptions o, double rate)
    {
        using var setup = new HttpClient { BaseAddress = targets[0] };
        setup.DefaultRequestHeaders.Authorization = new("Bearer", token);
        // As the in-process probe: one team of two or more per flood within 10 km, two offers per slot.
        using (var plan = await setup.PutAsJsonAsync("/api/organisations/bj/plans/flood", new
        {
            id = "bj-flood",
            requirements = new[] { new { key = "boats", capability = "water-rescue", teams = 1, minimumMembers = 2 } },
            radiusMeters = 10_000, offerTimeout = "00:10:00", overOfferFactor = 2,
            ladder = new[] { new { level = "City", radiusFactor = 3.0 } },
        }, Json))
        {
            if (!plan.IsSuccessStatusCode) throw new InvalidOperationException($"plan: {(int)plan.StatusCode} {await plan.Content.ReadAsStringAsync()}");
        }

        var clients = targets.Select(url => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) }).ToArray();
        try
        {
            foreach (var client in clients) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var tag = o.Tag.Length > 0 ? o.Tag + "-" : "";
            if (o.WarmupSeconds > 0) await Paced(clients, tag + "warm", rate, o.WarmupSeconds);
            return await Paced(clients, tag + "run", rate, o.Seconds);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>Callouts are dealt round the Api nodes in turn.</summary>
    private static async Task<bool> Paced(HttpClient[] clients, string prefix, double rate, double seconds)
    {
        var count = (int)(rate * seconds);
        var random = new Random(prefix.Length);
        var latencies = new double[count];
        var failures = 0;
        var withoutOffers = 0;
        var tasks = new ConcurrentBag<Task>();
        var ticksPerCreate = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var pacer = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * ticksPerCreate);
                // Sleeps, never spins: the driver shares the server's two cores. Lateness counts (the clock starts at `due`).
                while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
                var index = i;
                var http = clients[i % clients.Length];
                var (lat, lon) = Driver.Place(random);
                var body = new
                {
                    id = $"{prefix}-{i}", incidentType = "flood", organisationId = Districts[random.Next(Districts.Length)], severity = 2,
                    place = new { latitude = lat, longitude = lon },
                };
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        using var response = await http.PostAsJsonAsync("/api/incidents", body, Json);
                        var text = await response.Content.ReadAsStringAsync();
                        latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                        if (response.StatusCode != HttpStatusCode.Created)
                        {
                            if (Interlocked.Increment(ref failures) <= 3) Console.Error.WriteLine($"{(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
                        }
                        else if (JsonDocument.Parse(text).RootElement.GetProperty("offers").GetArrayLength() == 0)
                        {
                            Interlocked.Increment(ref withoutOffers);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                        if (Interlocked.Increment(ref failures) <= 3) Console.Error.WriteLine(e.Message);
                    }
                }));
            }
        }) { IsBackground = true, Name = "callout pacer" };
        pacer.Start();
        await Task.Run(pacer.Join);
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Array.Sort(latencies);
        string P(double q) => latencies[Math.Min(count - 1, (int)(q * count))].ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine($"{prefix}: {count:N0} callouts scheduled at {rate}/s for {seconds} s over {clients.Length} node(s), all answered in {elapsed:F1} s; {failures} failed, {withoutOffers} without offers");
        Console.WriteLine($"{prefix}: scheduled time → 201 with offers, ms: p50 {P(0.5)} p90 {P(0.9)} p99 {P(0.99)} p99.9 {P(0.999)} max {latencies[^1]:F1}");
        return failures == 0 && withoutOffers == 0;
    }
}
