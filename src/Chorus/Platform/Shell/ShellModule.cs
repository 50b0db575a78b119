using System.Globalization;
using Chorus.Workspaces;
using Chorus.Data.Database;
using Microsoft.AspNetCore.Localization;
using Npgsql;

namespace Chorus.Platform.Shell;

/// <summary>The host around the modules: pages, languages, health, OpenAPI, the /api/v1 group, the request pipeline.</summary>
public static class ShellModule
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("fr")];

    public static WebApplicationBuilder AddChorusShell(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(builder.Configuration["CHORUS_URLS"] ?? "http://127.0.0.1:5080");
        }
        builder.Services.AddLocalization(options => options.ResourcesPath = "Platform/Resources");
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // The person's choice (cookie, set at sign-in from their preference and by the language switch), else the browser's.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        // Pages live in their module's folder (Channels/Pages/...), each with an absolute route; every page needs a
        // signed-in person unless its model says [AllowAnonymous].
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/";
            options.Conventions.AuthorizeFolder("/");
        }).AddViewLocalization().AddDataAnnotationsLocalization();
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.Razor.RazorViewEngineOptions>(options =>
            options.PageViewLocationFormats.Add("/Platform/Shell/{0}.cshtml"));
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "chorus.antiforgery";
            options.HeaderName = "X-CSRF-TOKEN";
        });
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Chorus API";
            document.Info.Description = "Community management: workspaces, members, tokens, audit. Authenticate with 'Authorization: Bearer chorus_…'.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<Migrator>().ApplyAsync();

    public static WebApplication UseChorusShell(this WebApplication app)
    {
        app.UseExceptionHandler(app.Environment.IsDevelopment() ? "/error" : "/error");
        app.UseStatusCodePages();
        app.Use(async (http, next) =>
        {
            // Pages are ours only: no framing, no sniffing, no referrer leaks, no scripts but our own.
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.XFrameOptions = "DENY";
            http.Response.Headers["Referrer-Policy"] = "same-origin";
            http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            await next(http);
        });
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "up" })).WithName("Health").WithTags("Health").AllowAnonymous();
        app.MapGet("/readyz", async Task<IResult> (NpgsqlDataSource dataSource, Migrator migrator, CancellationToken cancellationToken) =>
        {
            try
            {
                return await migrator.IsUpToDateAsync(cancellationToken)
                    ? TypedResults.Ok(new { status = "ready" })
                    : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Database migrations are not all applied.");
            }
            catch (NpgsqlException exception)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The database is not reachable.", detail: exception.Message);
            }
        }).WithName("Ready").WithTags("Health").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
    }

    /// <summary>The REST API v1 group: tokens only, problem details, every endpoint named and tagged.</summary>
    public static RouteGroupBuilder MapChorusApi(this WebApplication app) =>
        app.MapGroup("/api/v1").RequireAuthorization(WorkspacesModule.ApiPolicy).WithTags("Chorus API").DisableAntiforgery();

    public static void MapChorusPages(this WebApplication app) => app.MapRazorPages();
}
