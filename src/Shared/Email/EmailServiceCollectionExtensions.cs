using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>Composer and transport for interview emails. Needs the host's <see cref="TimeProvider"/>.</summary>
    public static IServiceCollection AddPlatformEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddSingleton<InterviewCalendar>();
        services.AddSingleton<EmailComposer>();
        // Chosen when first resolved, not here, so settings that tests or later sources add still decide.
        services.AddSingleton<IEmailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.IsSmtpConfigured
            ? ActivatorUtilities.CreateInstance<SmtpEmailTransport>(sp)
            : ActivatorUtilities.CreateInstance<PickupDirectoryTransport>(sp));
        return services;
    }
}
