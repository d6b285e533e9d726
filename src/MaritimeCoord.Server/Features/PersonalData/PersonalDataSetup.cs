using MaritimeCoord.Domain.PersonalData;
using MaritimeCoord.Persistence.PersonalData;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace MaritimeCoord.Server.Features.PersonalData;

public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>
    /// Directory of the Data Protection key ring that encrypts personal data. Outside the database, and never in the
    /// repository: ops/run.sh points it at ops/.state/personal-data-keys (git-ignored); production mounts a protected
    /// volume (and should wrap the keys with a certificate or KMS, docs/personal-data.md). Relative paths are resolved
    /// from the content root.
    /// </summary>
    public string KeyDirectory { get; set; } = DevelopmentKeyDirectory;

    /// <summary>The default: the repository's git-ignored state directory, meaningful only in a checkout.</summary>
    public const string DevelopmentKeyDirectory = "../../ops/.state/personal-data-keys";

    /// <summary>
    /// PKCS#12 file whose certificate encrypts the key ring's keys at rest (and decrypts them); relative to the content
    /// root. Unset: keys are written unencrypted and Data Protection warns when it creates one.
    /// </summary>
    public string? KeyCertificatePath { get; set; }

    public string? KeyCertificatePassword { get; set; }

    /// <summary>Largest photo accepted, in bytes (after that: 413).</summary>
    public int MaxPhotoBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Longest a grant may last.</summary>
    public TimeSpan MaxGrantDuration { get; set; } = GrantLimits.Default.MaxDuration;
}

public static class PersonalDataSetup
{
    public const string DataSourceKey = "personal-data";

    /// <summary>Grants may be read by those who may give them; reads of persons by whoever holds a grant.</summary>
    public const string ReadPersonsPolicy = Policies.ReadIncidents;

    public static WebApplicationBuilder AddPersonalData(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(PersonalDataOptions.Section);
        builder.Services.Configure<PersonalDataOptions>(section);
        var options = section.Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        var keyDirectory = Path.GetFullPath(options.KeyDirectory, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(keyDirectory);
        // The application name isolates this key ring's purposes; every node of one deployment must share the directory.
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("MaritimeCoord")
            .PersistKeysToFileSystem(new DirectoryInfo(keyDirectory));
        if (!string.IsNullOrWhiteSpace(options.KeyCertificatePath))
        {
            var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                Path.GetFullPath(options.KeyCertificatePath, builder.Environment.ContentRootPath), options.KeyCertificatePassword);
            // Decryption must not depend on the machine's certificate store: the same file unprotects what it protected.
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        builder.Services.AddSingleton<PersonalDataProtector>();

        var connectionString = builder.Configuration.MaritimeConnectionString();
        builder.Services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(sp => new PersonalDataStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
        builder.Services.AddSingleton(sp => new GrantLimits(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PersonalDataOptions>>().Value.MaxGrantDuration, GrantLimits.Default.MaxReasonLength));
        return builder;
    }

    public static WebApplication MapPersonalData(this WebApplication app)
    {
        var personalData = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PersonalDataOptions>>().Value;
        var maxPhoto = personalData.MaxPhotoBytes;
        // Outside a checkout the default resolves to some directory above the application's: keys written there are
        // easily lost or left out of the backup, and without them the personal data in every dump is unreadable.
        if (!app.Environment.IsDevelopment() && personalData.KeyDirectory == PersonalDataOptions.DevelopmentKeyDirectory
            && !app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.Enabled)
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MaritimeCoord.PersonalData").LogWarning(
                "PersonalData:KeyDirectory is not set: the key ring that encrypts personal data is in {Directory}, the development default. " +
                "Set it to a protected volume every node shares, and back it up (docs/operations.md)",
                Path.GetFullPath(personalData.KeyDirectory, app.Environment.ContentRootPath));

        // Persons answer through PersonalDataGate, whose refusal (400 purpose, 404, 403) is an IResult shared by all six,
        // and photos are files: their answers are declared here. Grants are typed.
        var read = app.MapGroup("/api/incidents/{id:guid}/persons").WithTags("Personal data").RequireAuthorization(ReadPersonsPolicy);
        read.MapGet("/", PersonsEndpoints.ListAsync).Produces<List<PersonDto>>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        read.MapGet("/{personId:guid}", PersonsEndpoints.GetAsync).Produces<PersonDto>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        read.MapGet("/{personId:guid}/photo", PersonsEndpoints.GetPhotoAsync).ProducesText(StatusCodes.Status200OK, "image/jpeg", "image/png").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var write = app.MapGroup("/api/incidents/{id:guid}/persons").WithTags("Personal data").RequireAuthorization(Policies.Operational).WithBoundedText();
        write.MapPost("/", PersonsEndpoints.CreateAsync).Produces<PersonDto>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        write.MapDelete("/{personId:guid}", PersonsEndpoints.DeleteAsync).Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        // Photos are the one body larger than the server-wide limit; the handler bounds and sniffs it again.
        write.MapPut("/{personId:guid}/photo", PersonsEndpoints.PutPhotoAsync)
             .DocumentsFileBody("The photo as the raw body; its bytes must match the Content-Type.", "image/jpeg", "image/png")
             .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxPhoto))
             .Produces(StatusCodes.Status204NoContent)
             .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        var grants = app.MapGroup("/api/personal-data").WithTags("Personal data").RequireAuthorization(Policies.Operational).WithBoundedText();
        grants.MapPost("/grants", GrantEndpoints.GrantAsync);
        grants.MapGet("/grants", GrantEndpoints.ListAsync);
        grants.MapPost("/grants/{grantId:guid}/revoke", GrantEndpoints.RevokeAsync);
        app.MapGet("/api/personal-data/access-log", GrantEndpoints.AccessLogAsync).WithTags("Personal data").RequireAuthorization(Policies.Admin);
        return app;
    }
}
