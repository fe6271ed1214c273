using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Mobilize.Silo.Hosting;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Access;

public static class AccessExtensions
{
    /// <summary>How far clocks may disagree: a token is accepted until this long after it expires, and a hub connection
    /// lasts exactly as long as its token would still be accepted.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Bearer tokens (local issuer or an external OpenID Connect one), the role policies, per-caller rate limits
    /// and the administrator token written at start.</summary>
    public static IHostApplicationBuilder AddMobilizeAccess(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AccessScopes>();
        services.AddSingleton<PersonalData>();
        services.AddSingleton<AdministratorToken>();
        services.AddHostedService(sp => sp.GetRequiredService<AdministratorToken>());
        services.AddSingleton<IUserIdProvider, VolunteerUserIdProvider>();
        services.AddSingleton<TokenRevocations>();
        // Loaded before the silo reports started, so no request is ever let in unchecked.
        services.AddSingleton(new ReadinessStep((sp, _) => sp.GetRequiredService<TokenRevocations>().LoadAsync()));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, SigningKeys, WallClock>(ConfigureBearer);
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<CallerBudgets>();
        services.AddRateLimiter(RateLimiting.Configure);
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<CallerBudgets>(RateLimiting.UseBudgets);
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", BearerSchemeTransformer.Add);
        return builder;
    }

    /// <summary>Who the caller is, then their request budget, then whether the endpoint lets them in.</summary>
    public static WebApplication UseMobilizeAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static void ConfigureBearer(JwtBearerOptions bearer, IOptions<AuthOptions> options, SigningKeys keys, WallClock time)
    {
        var auth = options.Value;
        // Claims keep the names they have in the token ("sub", "role", "volunteerId"), the names the JSON and pages use.
        bearer.MapInboundClaims = false;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            NameClaimType = Claims.Subject,
            RoleClaimType = Claims.Role,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            // The wall clock (the domain clock but on a drill server), so tests on a manual clock see tokens expire when it says so.
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + p.ClockSkew) && expires is { } e && e >= now - p.ClockSkew;
            },
        };
        if (auth.UsesExternalIssuer)
        {
            bearer.Authority = auth.Authority;
            bearer.Audience = auth.Audience;
            bearer.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            bearer.TokenValidationParameters.ValidAudience = auth.Audience;
            bearer.TokenValidationParameters.ValidateAudience = !string.IsNullOrEmpty(auth.Audience);
        }
        else
        {
            bearer.TokenValidationParameters.ValidIssuer = AuthOptions.LocalIssuer;
            bearer.TokenValidationParameters.ValidAudience = auth.Audience ?? AuthOptions.LocalAudience;
            bearer.TokenValidationParameters.IssuerSigningKey = keys.Key;
        }
        bearer.Events = new JwtBearerEvents
        {
            OnTokenValidated = RevocationCheck.OnTokenValidated,
            OnChallenge = RevocationCheck.OnChallenge,
            // Browsers cannot set headers on a WebSocket, so the SignalR client sends the token in the query string.
            OnMessageReceived = context =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                    && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                    context.Token = token;
                return Task.CompletedTask;
            },
        };
    }
}

/// <summary>SignalR's user is the volunteer a token names, so the server can address one volunteer's connections.</summary>
public sealed class VolunteerUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.FindFirst(Claims.VolunteerId)?.Value;
}
