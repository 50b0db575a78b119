using System.Threading.RateLimiting;
using Chorus.Data.Jobs;
using Chorus.Platform.Accounts;
using Chorus.Platform.Audit;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chorus.Workspaces;

/// <summary>The "Security" configuration section.</summary>
public sealed class SecurityOptions
{
    /// <summary>Sign-in, forgotten-password and reset form posts allowed per client address and minute.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int LoginAttemptsPerMinute { get; set; } = 10;
}

/// <summary>Accounts, organizations, workspaces, members, roles, invitations, API tokens, audit log.</summary>
public static class WorkspacesModule
{
    public const string ApiPolicy = "api";
    public const string LoginRateLimit = "login";

    public static IHostApplicationBuilder AddWorkspaces(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<SignInSessions>();
        services.TryAddSingleton<JobQueue>();
        services.AddSingleton<PasswordResets>();
        services.AddJobHandler<PasswordResetMailJob>(PasswordResets.MailJobKind);
        services.AddSingleton<Tenancy>();
        services.AddSingleton<WorkspaceAccess>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<Members>();
        services.AddSingleton<Invitations>();
        services.AddSingleton<ApiTokens>();
        services.AddSingleton<Chorus.Platform.Jobs.DeadJobs>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "chorus.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/forbidden";
                options.ExpireTimeSpan = SignInSessions.IdleLifetime;
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = RejectStaleSessionAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            // The API takes tokens only: a browser's cookie never authorizes an API call, so the API needs no CSRF defence.
            .AddPolicy(ApiPolicy, policy => policy.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser());

        // Per client address: behind a reverse proxy, forward the client's address (UseForwardedHeaders), or every
        // person shares one budget. Failed passwords are also counted per account (lockout).
        services.AddOptions<SecurityOptions>().BindConfiguration("Security").ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((options, security) =>
        {
            var loginsPerMinute = security.Value.LoginAttemptsPerMinute;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only sign-in attempts count: showing the form again and again locks nobody out.
            options.AddPolicy(LoginRateLimit, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("views")
                : RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = loginsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    /// <summary>Resolves the workspace of each request and enforces its endpoint's permission; after authorization.</summary>
    public static IApplicationBuilder UseWorkspaceAccess(this IApplicationBuilder app) => app.UseMiddleware<WorkspaceAccessMiddleware>();

    /// <summary>A session cookie is honoured only while its server-side session lives (see SignInSessions).</summary>
    private static async Task RejectStaleSessionAsync(CookieValidatePrincipalContext context)
    {
        var actor = context.Principal is null ? null : Actor.From(context.Principal);
        var sessionId = context.Principal is null ? null : Sessions.SessionIdOf(context.Principal);
        var user = actor is null || sessionId is null ? null
            : await context.HttpContext.RequestServices.GetRequiredService<SignInSessions>().FindLiveAsync(sessionId.Value, actor.UserId, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
