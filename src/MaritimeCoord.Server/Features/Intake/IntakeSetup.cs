using MaritimeCoord.Server.Features.Sightings;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace MaritimeCoord.Server.Features.Intake;

public static class IntakeSetup
{
    /// <summary>The SMS webhook's policy: only a request signed by the gateway (role sms-gateway). User tokens are read too, so a user gets 403, not 401.</summary>
    public const string SmsGatewayPolicy = "sms-gateway";

    public static WebApplicationBuilder AddIntake(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<IntakeOptions>(builder.Configuration.GetSection(IntakeOptions.Section));
        services.AddSingleton<IntakeMetrics>();
        services.AddScoped<IntakeProcessor>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, SmsGatewayAuthenticationHandler>(SmsGatewayAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(SmsGatewayPolicy, p => p
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, SmsGatewayAuthenticationHandler.SchemeName)
            .RequireRole(SmsGatewayAuthenticationHandler.GatewayRole));
        // Only API nodes read mailboxes: a mailbox has one reader, and Server:Api is true on every node that serves users.
        if (builder.Configuration.GetValue("Server:Api", true)) services.AddHostedService<MailIntakeService>();
        return builder;
    }

    public static WebApplication MapIntake(this WebApplication app)
    {
        var group = app.MapGroup("/api/intake").WithTags("Intake");
        // The reply is text/plain for the gateway to relay (TypedResults.Text documents nothing): declared here.
        group.MapPost("/sms", SmsIntakeEndpoint.HandleAsync).RequireAuthorization(SmsGatewayPolicy).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(SmsGatewayAuthenticationHandler.MaxBodyBytes))
            .DocumentsBody<SmsWebhookForm>("The gateway's form post, signed in the X-Mcoord-Signature header (docs/intake.md).", "application/x-www-form-urlencoded")
            .ProducesText(StatusCodes.Status200OK, "text/plain")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/reviews", IntakeReviews.ListAsync).RequireAuthorization(Policies.Operational);
        group.MapPost("/reviews/{id:guid}/resolve", IntakeReviews.ResolveAsync).RequireAuthorization(Policies.Operational).WithBoundedText();
        group.MapPost("/reviews/{id:guid}/discard", IntakeReviews.DiscardAsync).RequireAuthorization(Policies.Operational).WithBoundedText();
        return app;
    }
}
