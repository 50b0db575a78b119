using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Platform.Mail;

public static class MailModule
{
    /// <summary>Outgoing e-mail through the "Smtp" section, checked at start-up; nothing is sent while Smtp:Host is empty.</summary>
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration("Smtp").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MailSender>();
        return builder;
    }
}
