using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Mobilize.LoadDriver;

/// <summary>Sets up Beijing's city, districts and teams of on-duty volunteers through the REST API, then sends batches of
/// location reports to <c>POST /api/locations:batch</c> from several connections and reports updates/s and request
/// latency percentiles.</summary>
internal static class Driver
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    internal static readonly string[] Districts = ["bj-chaoyang", "bj-haidian", "bj-dongcheng"];

    public static async Task<int> RunAsync(DriverOptions options)
    {
        Process? server = null;
        string? data = null;
        var url = options.Url;
        try
        {
            if (options.ApiDll is { } dll)
            {
                data = Path.Combine(Path.GetTempPath(), "mobilize-load-" + Guid.NewGuid().ToString("N")[..8]);
                Directory.CreateDirectory(data);
                url = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
                // The limiter protects a real deployment from one caller; here the one caller is the point.
                foreach (var a in new[] { dll, "--urls", url.ToString().TrimEnd('/'), "--data", data,
                    "--RateLimit:PermitsPerSecond", "1000000", "--RateLimit:Burst", "1000000" }) start.ArgumentList.Add(a);
                start.Environment["Logging__LogLevel__Default"] = "Warning";
                start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
                server = Process.Start(start) ?? throw new InvalidOperationException("could not start the API");
                server.OutputDataReceived += (_, e) => { };
                server.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("[api] " + line); };
                server.BeginOutputReadLine();
                server.BeginErrorReadLine();
                Console.WriteLine($"api: pid {server.Id} on {url} data {data}");
            }
            using var setup = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
            await WaitReady(setup);
            // The server writes a fresh administrator token before it listens; ready means it is there.
            var token = options.Token ?? (await File.ReadAllTextAsync(Path.Combine(data!, "administrator.token"))).Trim();
            setup.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var volunteers = options.VolunteersFile is { } file ? await Seeded(file) : await Populate(setup, options);
            var targets = options.ApiDll is null ? options.Targets : [url!];
            Console.WriteLine($"load average before measuring: {LoadAverage()}");
            if (options.CalloutRate is { } rate)
            {
                // Locations alongside run a little longer than the callouts, so every callout meets them.
                var locations = options.LocationRate is null ? null
                    : Load(targets, token, volunteers, options, options.WarmupSeconds + options.Seconds + 3, "locations alongside callouts");
                var met = await CalloutLoad.RunAsync(targets, token, options, rate);
                if (locations is not null) met &= await locations;
                Console.WriteLine($"load average after measuring: {LoadAverage()}");
                return met ? 0 : 1;
            }
            if (options.WarmupSeconds > 0) await Load(targets, token, volunteers, options, options.WarmupSeconds, "warm-up");
            var result = await Load(targets, token, volunteers, options, options.Seconds, "measured");
            Console.WriteLine($"load average after measuring: {LoadAverage()}");
            return result ? 0 : 1;
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill();
                await server.WaitForExitAsync();
            }
            if (data is not null)
                try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitReady(HttpClient http)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            if (watch.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("API not ready after 60 s");
            await Task.Delay(200);
        }
        Console.WriteLine($"api ready after {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task Send(HttpClient http, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json) };
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Volunteers already on duty in a seeded store, one id a line.</summary>
    private static async Task<string[]> Seeded(string file)
    {
        var volunteers = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToArray();
        Console.WriteLine($"seeded: {volunteers.Length:N0} on-duty volunteers from {file}, no setup over REST");
        return volunteers;
    }

    private static async Task<string[]> Populate(HttpClient http, DriverOptions o)
    {
        var watch = Stopwatch.StartNew();
        await Send(http, HttpMethod.Post, "/api/organisations", new { id = "bj", name = "北京市", level = "City" });
        foreach (var (id, name) in Districts.Zip(new[] { "朝阳区", "海淀区", "东城区" }))
            await Send(http, HttpMethod.Post, "/api/organisations", new { id, name, level = "District", parentId = "bj" });
        var volunteers = new string[o.Teams * o.Members];
        var random = new Random(7);
        var places = Enumerable.Range(0, o.Teams).Select(_ => Place(random)).ToArray();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, o.SetupParallel).Select(_ => Task.Run(async () =>
        {
            for (var t = Interlocked.Increment(ref next); t < o.Teams; t = Interlocked.Increment(ref next))
            {
                for (var m = 0; m < o.Members; m++)
                {
                    var n = t * o.Members + m;
                    var id = volunteers[n] = $"v{n}";
                    await Send(http, HttpMethod.Post, "/api/volunteers", new
                    {
                        id, realName = $"志愿者{n}", phone = $"139{n:D8}",
                        certifications = new[] { new { capability = "water-rescue", issued = "2024-01-01", expires = "2030-12-31", issuer = "北京市红十字会" } },
                        insurance = new { policyNumber = "PICC-2026-0001", validFrom = "2024-01-01", validTo = "2030-12-31" },
                    });
                    await Send(http, HttpMethod.Put, $"/api/volunteers/{id}/duty", new { status = "Available" });
                }
                // Without teams a report stops at the volunteer grain: shows what the team's share of the cost is.
                if (!o.InTeams) continue;
                await Send(http, HttpMethod.Post, "/api/teams", new
                {
                    id = $"t{t}", name = $"{t} 队", organisationId = Districts[t % Districts.Length], leaderId = volunteers[t * o.Members],
                    baseLocation = new { latitude = places[t].Lat, longitude = places[t].Lon }, minimumMembersToMuster = 2,
                });
                for (var m = 1; m < o.Members; m++)
                    await Send(http, HttpMethod.Post, $"/api/teams/t{t}/members", new { volunteerId = volunteers[t * o.Members + m] });
            }
        })));
        Console.WriteLine($"setup over REST: {o.Teams:N0} teams x {o.Members} = {volunteers.Length:N0} volunteers registered, on duty, {(o.InTeams ? "in teams" : "no teams created")}, in {watch.Elapsed.TotalSeconds:F1} s");
        return volunteers;
    }

    internal static (double Lat, double Lon) Place(Random random) => (39.7 + random.NextDouble() * 0.5, 116.1 + random.NextDouble() * 0.6);

    /// <summary>Each connection is its own HttpClient limited to one socket, so the count of concurrent requests is exact;
    /// connections are dealt round the targets. With a location rate each connection sends on a fixed schedule and a
    /// late batch goes at once, so the rate reached says whether the servers kept up.</summary>
    private static async Task<bool> Load(IReadOnlyList<Uri> targets, string token, string[] volunteers, DriverOptions o, double seconds, string label)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var sent = -1;
        var failures = 0;
        long accepted = 0;
        var started = Stopwatch.GetTimestamp();
        var perConnection = await Task.WhenAll(Enumerable.Range(0, o.Connections).Select(c => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = targets[c % targets.Count], Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var random = new Random(c + 1);
            var latencies = new List<double>(4096);
            var interval = o.LocationRate is { } rate ? (long)(o.Batch * o.Connections / rate * Stopwatch.Frequency) : 0;
            var due = started + c * interval / o.Connections;
            while (Stopwatch.GetTimestamp() < stopAt && Interlocked.Increment(ref sent) < o.MaxRequests)
            {
                if (interval > 0)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                    due += interval;
                }
                var body = Batch(volunteers, random, o.Batch, sweep: o.VolunteersFile is not null);
                var before = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/api/locations:batch", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
                var text = await response.Content.ReadAsStringAsync();
                latencies.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    if (Interlocked.Increment(ref failures) <= 3) Console.Error.WriteLine($"{(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
                    continue;
                }
                Interlocked.Add(ref accepted, JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32());
            }
            return latencies;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = perConnection.SelectMany(l => l).ToArray();
        Array.Sort(all);
        Console.WriteLine($"{label}: {all.Length:N0} requests of {o.Batch} reports from {o.Connections} connections to {targets.Count} node(s) " +
                          $"{(o.LocationRate is { } r ? $"paced at {r:N0} updates/s " : "")}in {elapsed:F1} s, {failures} failed; " +
                          $"{accepted:N0} reports accepted = {accepted / elapsed:N0} updates/s; {all.Length / elapsed:N1} requests/s");
        if (all.Length > 0)
            Console.WriteLine($"{label}: request latency ms p50 {P(all, 0.5):F1} p90 {P(all, 0.9):F1} p99 {P(all, 0.99):F1} max {all[^1]:F1}");
        return failures == 0;
    }

    private static long _sweep = -1;

    /// <summary>Each report names a random volunteer at a random place, timestamped now so it is never older than the last.
    /// With <paramref name="sweep"/> the volunteers take turns instead, as phones reporting on a period do, so every
    /// on-duty volunteer of a seeded province reports (and is activated) once per pass.</summary>
    private static byte[] Batch(string[] volunteers, Random random, int size, bool sweep)
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        var json = new StringBuilder(size * 130).Append("{\"reports\":[");
        for (var i = 0; i < size; i++)
        {
            var (lat, lon) = Place(random);
            if (i > 0) json.Append(',');
            var who = sweep ? (int)(Interlocked.Increment(ref _sweep) % volunteers.Length) : random.Next(volunteers.Length);
            json.Append("{\"volunteerId\":\"").Append(volunteers[who])
                .Append("\",\"latitude\":").Append(lat.ToString("F6", System.Globalization.CultureInfo.InvariantCulture))
                .Append(",\"longitude\":").Append(lon.ToString("F6", System.Globalization.CultureInfo.InvariantCulture))
                .Append(",\"accuracyMeters\":15,\"reportedAt\":\"").Append(now).Append("\"}");
        }
        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }
}
