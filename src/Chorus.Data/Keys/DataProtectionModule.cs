using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chorus.Data.Keys;

public static class DataProtectionModule
{
    /// <summary>
    /// ASP.NET Core Data Protection (cookies, network tokens encrypted at rest) with its keys in PostgreSQL, under one
    /// application name so that every node reads what another protected, and the keys themselves encrypted with the
    /// <see cref="KeyRingCertificate"/>. Needs <c>AddChorusData()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddChorusDataProtection(this IHostApplicationBuilder builder)
    {
        var certificate = KeyRingCertificate.LoadOrCreate(builder.Configuration);
        builder.Services.AddDataProtection().SetApplicationName("Chorus")
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);
        builder.Services.AddSingleton<PostgresXmlRepository>();
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>, UsePostgresKeyStore>();
        return builder;
    }

    private sealed class UsePostgresKeyStore(PostgresXmlRepository repository) : IConfigureOptions<KeyManagementOptions>
    {
        public void Configure(KeyManagementOptions options) => options.XmlRepository = repository;
    }
}
