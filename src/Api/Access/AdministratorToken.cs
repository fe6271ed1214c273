using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Mobilize.Silo.Hosting;

namespace Mobilize.Api.Access;

/// <summary>At every start, a fresh administrator token in <c>&lt;data&gt;/administrator.token</c> (mode 0600) and a
/// dashboard sign-in link in the log: how local tools and a newcomer get in. Written before the server listens, so a
/// tool that sees /health/ready can read it.</summary>
public sealed class AdministratorToken(
    TokenIssuer issuer,
    IOptions<AuthOptions> auth,
    IOptions<SiloOptions> silo,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<AdministratorToken> logger) : IHostedLifecycleService
{
    public const string FileName = "administrator.token";

    public string Path => System.IO.Path.Combine(silo.Value.DataDirectory, FileName);

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (auth.Value.UsesExternalIssuer)
        {
            logger.LogInformation("Tokens come from {Authority}; no local administrator token is written.", auth.Value.Authority);
            return Task.CompletedTask;
        }
        var token = issuer.Issue(TokenGrant.Administrator, auth.Value.AdministratorTokenLifetime);
        PrivateFile.Write(Path, token.Token);
        lifetime.ApplicationStarted.Register(() => LogSignIn(token));
        return Task.CompletedTask;
    }

    // A log is kept, shipped and read by others, so it only says where the token is. Someone at a terminal gets the
    // link to click, written to the terminal alone: output that is redirected (a service manager, a file, a test) is a log.
    private void LogSignIn(IssuedToken token)
    {
        var address = (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "").TrimEnd('/');
        logger.LogInformation("Administrator sign-in (until {ExpiresAt:u}): {Address}/dashboard/#token=… with the token in {Path}",
            token.ExpiresAt, address, Path);
        if (!Console.IsOutputRedirected) Console.Out.WriteLine(SignInLink(address, token.Token));
    }

    /// <summary>The line a person at a terminal sees.</summary>
    public static string SignInLink(string address, string token) => $"Sign in: {address}/dashboard/#token={token}";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
