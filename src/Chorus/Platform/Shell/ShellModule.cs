using System.Globalization;
using Chorus.Channels;
using Chorus.Workspaces;
using Chorus.Data.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Npgsql;
using Scalar.AspNetCore;

namespace Chorus.Platform.Shell;

/// <summary>The host around the modules: pages, languages, health, OpenAPI, the /api/v1 group, the request pipeline.</summary>
public static class ShellModule
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("fr")];

    public const string ApiDocumentName = "v1";

    /// <summary>Where the UI's strings live (SharedResource.fr.resx).</summary>
    public const string ResourcesPath = "Platform/Resources";

    /// <summary>The API's requests are small JSON documents; anything larger is a mistake or an attack.</summary>
    public const long MaxApiBodyBytes = 1024 * 1024;

    private const string ApiDescription =
        "Chorus, self-hosted community management: workspaces, members, invitations, API tokens, the audit log, " +
        "connected channels, posts and their approval, the calendar with its campaigns, events and contests, templates, signatures and hashtag groups, short links (links) with their clicks per day, channels' queues (weekly slots, recurring and evergreen posts), the media library, background jobs and notifications. Authenticate with a personal token: 'Authorization: Bearer chorus_…'. " +
        "Lists answer { \"items\": [...], \"next\": cursor or null } (pass next as ?cursor= for the following page). " +
        "Errors are RFC 7807 problem details (application/problem+json); bad input answers 400 with errors.{field}. " +
        "Each workspace's communication charter is read, replaced and checked against texts under /charter.";

    public static WebApplicationBuilder AddChorusShell(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(builder.Configuration["CHORUS_URLS"] ?? "http://127.0.0.1:5080");
        }
        builder.Services.AddOptions<PublicAddressOptions>().BindConfiguration(string.Empty)
            .Validate(o => PublicAddressOptions.IsValid(o.PublicUrl), "CHORUS_PUBLIC_URL must be an absolute http or https address without query, such as https://chorus.example.org.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PublicAddress>();
        builder.Services.AddLocalization(options => options.ResourcesPath = ResourcesPath);
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
        // The shell's own entries; each module registers its pages (Workspaces, Channels: their *Navigation.cs).
        builder.Services.AddNavigation(
            new NavigationItem(NavigationSection.DailyWork, 0, "Overview", "layout-dashboard", "", Permission.ViewWorkspace),
            new NavigationItem(NavigationSection.Settings, 50, "Audit log", "scroll-text", "audit", Permission.ViewAuditLog),
            new NavigationItem(NavigationSection.Settings, 60, "Background jobs", "list-restart", "jobs", Permission.ManageJobs));
        builder.Services.AddWorkspacesNavigation().AddChannelsNavigation();
        builder.Services.AddExceptionHandler<ApiProblems>();
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        // A body or query value the framework cannot bind throws (instead of a bare 400), so ApiProblems can say which
        // field and why.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(ApiDocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Chorus API";
                document.Info.Description = ApiDescription;
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[TokenAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal API token, created on a workspace's API tokens page: 'Authorization: Bearer chorus_…'.",
                };
                return Task.CompletedTask;
            });
            // Every operation but the anonymous ones (health) takes a token.
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenAuthenticationHandler.SchemeName, context.Document)] = [] }];
                return Task.CompletedTask;
            });
            // Our converters (ApiJson) hide the value's type from the schema generator: say it again.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
                if (type == typeof(string))
                {
                    var nullable = context.JsonPropertyInfo is { IsGetNullable: true } || context.ParameterDescription is not null;
                    schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
                }
                else if (type.IsEnum)
                {
                    schema.Type = JsonSchemaType.String;
                    schema.Enum = [.. Enum.GetNames(type).Select(name => (System.Text.Json.Nodes.JsonNode)name)];
                }
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>The CSP hash of an empty inline style (SHA-256 of no bytes).</summary>
    private const string EmptyStyleHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    public static WebApplication UseChorusShell(this WebApplication app)
    {
        app.UseExceptionHandler("/error");
        // A browser gets a page in its language with a way back; the API keeps problem+json.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.Use(async (http, next) =>
        {
            // Pages are ours only: no framing, no sniffing, no referrer leaks, no scripts but our own. The one inline
            // style allowed is an empty <style> element (its hash is the empty text's): the calendar's library adds one
            // and fills it through the CSSOM, which the policy does not govern. Fonts may come as data: addresses: that
            // stylesheet carries the icon font of the calendar's previous/next buttons that way (blocked, they are blank).
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.XFrameOptions = "DENY";
            http.Response.Headers["Referrer-Policy"] = "same-origin";
            http.Response.Headers.ContentSecurityPolicy = $"default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' '{EmptyStyleHash}'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            await next(http);
        });
        app.UseStaticFiles();
        app.Use(async (http, next) =>
        {
            // Nothing but static files is kept by the browser: pages show secrets (a token shown once, an invitation
            // link) and personal data, and Back after sign-out must ask the server again.
            http.Response.Headers.CacheControl = "no-store";
            await next(http);
        });
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
        app.MapOpenApi(OpenApiPath).AllowAnonymous();
    }

    public const string OpenApiPath = "/openapi/{documentName}.json";

    /// <summary>Where the interactive API reference lives (linked from the API tokens page).</summary>
    public const string ApiReferencePath = "/api/reference";

    /// <summary>The interactive API reference, drawn by Scalar from the OpenAPI document; its scripts are served from
    /// the package, so it works without internet.</summary>
    public static void MapApiReference(this WebApplication app) =>
        app.MapScalarApiReference(ApiReferencePath, (options, http) =>
        {
            options.WithTitle("Chorus API").WithFavicon("/favicon.svg").WithOpenApiRoutePattern(OpenApiPath).AddDocument(ApiDocumentName)
                .DisableDefaultFonts().DisableAgent().DisableMcp().WithNonce();
            // Scalar starts itself with an inline module script and styles its components inline. This page alone
            // relaxes the policy: that one script by the nonce Scalar draws for each response, and inline styles.
            http.Response.OnStarting(() =>
            {
                http.Response.Headers.ContentSecurityPolicy =
                    $"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'nonce-{http.Items[ScalarOptions.NonceHttpContextItemKey]}'; frame-ancestors 'none'; form-action 'self'";
                return Task.CompletedTask;
            });
        }).AllowAnonymous();

    /// <summary>The REST API v1 group: tokens only, bodies up to <see cref="MaxApiBodyBytes"/>, every endpoint named
    /// and tagged, its problem responses declared.</summary>
    public static RouteGroupBuilder MapChorusApi(this WebApplication app) =>
        app.MapGroup("/api/v1").RequireAuthorization(WorkspacesModule.ApiPolicy).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxApiBodyBytes))
            .DeclareProblemResponses();

    public static void MapChorusPages(this WebApplication app) => app.MapRazorPages();
}
