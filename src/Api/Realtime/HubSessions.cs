using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Mobilize.Api.Access;
using Mobilize.Grains.Revocation;

namespace Mobilize.Api.Realtime;

/// <summary>Every open hub connection with the token it was opened with, so a connection never outlives what let it in:
/// it is closed when the token expires (on the app's clock, plus the same skew HTTP allows) and as soon as an
/// administrator revokes the token or its subject. The JavaScript client then reconnects and is refused with 401.</summary>
/// <remarks>ASP.NET Core's <c>CloseOnAuthenticationExpiration</c> is not used: it compares the token's expiry with the
/// wall clock on a one-second scan, while every other lifetime check here runs on the injected
/// <see cref="TimeProvider"/>, and it knows nothing of revocation.</remarks>
public sealed class HubSessions : IDisposable
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly TokenRevocations _revocations;
    private readonly TimeProvider _time;
    private readonly ILogger<HubSessions> _logger;

    public HubSessions(TokenRevocations revocations, TimeProvider time, ILogger<HubSessions> logger)
    {
        _revocations = revocations;
        _time = time;
        _logger = logger;
        revocations.Revoked += CloseRevoked;
    }

    /// <summary>System timers wait at most about 49 days; a token living longer is looked at again after this.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(20);

    private sealed class Session(HubCallerContext context, TokenFacts token, TimeProvider time)
    {
        public HubCallerContext Context { get; } = context;
        public TokenFacts Token { get; } = token;
        public ITimer? Expiry { get; set; }

        /// <summary>Closes the connection once the token is no longer accepted, or waits (at most the longest wait) again.</summary>
        public void Expire()
        {
            var left = Token.ExpiresAt!.Value + AccessExtensions.ClockSkew - time.GetUtcNow();
            if (left <= TimeSpan.Zero) Context.Abort();
            else Expiry?.Change(left < LongestWait ? left : LongestWait, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Why this token may no longer hold a connection, or null while it may.</summary>
    public string? Refusal(TokenFacts token)
    {
        if (!_revocations.IsLoaded) return "The server is starting; connect again shortly.";
        if (_revocations.Revokes(token)) return "This token has been revoked; sign in again.";
        if (token.ExpiresAt is not { } expires || _time.GetUtcNow() > expires + AccessExtensions.ClockSkew)
            return "This token has expired; sign in again.";
        return null;
    }

    /// <summary>Tracks the connection until its token's end; false (and nothing tracked) when it is already refused.</summary>
    public bool Open(HubCallerContext context)
    {
        var session = new Session(context, TokenFacts.From(context.User!), _time);
        if (Refusal(session.Token) is not null) return false;
        _sessions[context.ConnectionId] = session;
        // Checked again once tracked: a revocation published in between either finds the session or is seen here.
        if (Refusal(session.Token) is not null)
        {
            Close(context.ConnectionId);
            return false;
        }
        session.Expiry = _time.CreateTimer(static state => ((Session)state!).Expire(), session, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        session.Expire();
        return true;
    }

    public void Close(string connectionId)
    {
        if (_sessions.TryRemove(connectionId, out var session)) session.Expiry?.Dispose();
    }

    private void CloseRevoked(RevocationList list)
    {
        var closed = 0;
        foreach (var session in _sessions.Values)
        {
            if (!session.Token.IsRevokedBy(list)) continue;
            session.Context.Abort();
            closed++;
        }
        if (closed > 0) _logger.LogInformation("Closed {Count} hub connections whose token was revoked", closed);
    }

    public void Dispose()
    {
        _revocations.Revoked -= CloseRevoked;
        foreach (var session in _sessions.Values) session.Expiry?.Dispose();
    }
}

/// <summary>Applies <see cref="HubSessions"/> to both hubs: a connection is tracked from its start, and every hub call
/// checks the token again, so a revoked or expired one is refused even before its connection is closed.</summary>
public sealed class TokenSessionFilter(HubSessions sessions) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (!sessions.Open(context.Context))
            throw new HubException(sessions.Refusal(TokenFacts.From(context.Context.User!)) ?? "Sign in again.");
        await next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        sessions.Close(context.Context.ConnectionId);
        return next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (sessions.Refusal(TokenFacts.From(invocation.Context.User!)) is { } refusal)
        {
            invocation.Context.Abort();
            throw new HubException(refusal);
        }
        return await next(invocation);
    }
}
