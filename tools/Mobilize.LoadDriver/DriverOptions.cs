using System.Net;

namespace Mobilize.LoadDriver;

/// <summary><c>--api PATH/Mobilize.Api.dll</c> starts the server itself on a free loopback port and a temporary data
/// folder (killed at the end); <c>--url http://127.0.0.1:PORT</c> drives one already running. Anything but a loopback
/// address is refused: this tool floods whatever it points at. With <c>--api</c> the driver signs in with the
/// administrator token the server writes to its data folder and lifts the server's rate limit; with <c>--url</c> give
/// <c>--token JWT</c> (an administrator's: it creates organisations and sends every volunteer's location).
/// <c>--callouts RATE</c> sends callouts at that rate instead of location batches.</summary>
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
    double? CalloutRate = null)
{
    public static DriverOptions Parse(string[] args)
    {
        string? Value(string name, string? fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var url = Value("--url", null) is { } u ? new Uri(u) : null;
        if (url is not null && !(IPAddress.TryParse(url.Host, out var ip) && IPAddress.IsLoopback(ip)))
            throw new ArgumentException($"--url must be a loopback IP address (127.0.0.1), not {url.Host}");
        var api = Value("--api", null);
        if ((api is null) == (url is null)) throw new ArgumentException("give exactly one of --api PATH/Mobilize.Api.dll or --url http://127.0.0.1:PORT");
        var token = Value("--token", null);
        if (url is not null && token is null) throw new ArgumentException("--url needs --token JWT (an administrator token; see docs/access.md)");
        return new DriverOptions(api, url,
            int.Parse(Value("--teams", "4000")!), int.Parse(Value("--members", "5")!), int.Parse(Value("--batch", "500")!),
            int.Parse(Value("--connections", "8")!), double.Parse(Value("--seconds", "20")!), double.Parse(Value("--warmup", "5")!),
            int.Parse(Value("--max-requests", "100000")!), int.Parse(Value("--setup-parallel", "32")!), !args.Contains("--no-teams"), token,
            Value("--callouts", null) is { } rate ? double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
