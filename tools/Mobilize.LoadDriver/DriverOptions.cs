using System.Net;

namespace Mobilize.LoadDriver;

/// <summary><c>--api PATH/Mobilize.Api.dll</c> starts the server itself on a free loopback port and a temporary data
/// folder (killed at the end); <c>--url http://127.0.0.1:PORT</c> drives one already running. Anything but a loopback
/// address is refused: this tool floods whatever it points at. With <c>--api</c> the driver signs in with the
/// administrator token the server writes to its data folder and lifts the server's rate limit; with <c>--url</c> give
/// <c>--token JWT</c> (an administrator's: it creates organisations and sends every volunteer's location).
/// <c>--callouts RATE</c> sends callouts at that rate instead of location batches.
/// Against a seeded province (tools/Mobilize.ProvinceSeed): <c>--volunteers-file on-duty.txt</c> skips the setup and
/// reports for those volunteers; <c>--url A,B</c> spreads requests over several Api nodes; <c>--location-rate R</c>
/// paces location reports at R updates/s in all, and with <c>--callouts</c> sends them alongside the callouts;
/// <c>--tag T</c> keeps this run's incident ids apart from an earlier run's on the same store.</summary>
internal sealed record DriverOptions(
    string? ApiDll,
    Uri? Url,
    int Teams,
    int Members,
    int Batch,
    int Connections,
    double Seconds,
    double WarmupSeconds,
    int MaxRequests,
    int SetupParallel,
    bool InTeams,
    string? Token,
    double? CalloutRate = null,
    IReadOnlyList<Uri>? Urls = null,
    string? VolunteersFile = null,
    double? LocationRate = null,
    string Tag = "")
{
    /// <summary>Every Api node to drive; the first also takes the setup.</summary>
    public IReadOnlyList<Uri> Targets => Urls is { Count: > 0 } ? Urls : [Url!];

    public static DriverOptions Parse(string[] args)
    {
        string? Value(string name, string? fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var urls = Value("--url", null) is { } u ? u.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => new Uri(x)).ToList() : null;
        foreach (var target in urls ?? [])
            if (!(IPAddress.TryParse(target.Host, out var ip) && IPAddress.IsLoopback(ip)))
                throw new ArgumentException($"--url must be a loopback IP address (127.0.0.1), not {target.Host}");
        var url = urls?[0];
        var api = Value("--api", null);
        if ((api is null) == (url is null)) throw new ArgumentException("give exactly one of --api PATH/Mobilize.Api.dll or --url http://127.0.0.1:PORT");
        var token = Value("--token", null);
        if (url is not null && token is null) throw new ArgumentException("--url needs --token JWT (an administrator token; see docs/access.md)");
        return new DriverOptions(api, url,
            int.Parse(Value("--teams", "4000")!), int.Parse(Value("--members", "5")!), int.Parse(Value("--batch", "500")!),
            int.Parse(Value("--connections", "8")!), double.Parse(Value("--seconds", "20")!), double.Parse(Value("--warmup", "5")!),
            int.Parse(Value("--max-requests", "100000")!), int.Parse(Value("--setup-parallel", "32")!), !args.Contains("--no-teams"), token,
            Value("--callouts", null) is { } rate ? double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) : null,
            urls, Value("--volunteers-file", null),
            Value("--location-rate", null) is { } locations ? double.Parse(locations, System.Globalization.CultureInfo.InvariantCulture) : null,
            Value("--tag", "")!);
    }
}
