using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Documents;

public static class DocumentsServiceCollectionExtensions
{
    /// <summary>Upload storage and text extraction. Needs the host's <see cref="TimeProvider"/>.</summary>
    public static IServiceCollection AddPlatformDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UploadOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UploadOptions>, UploadOptionsValidator>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<TextExtractor>();
        services.AddScoped<OrphanUploadSweep>();
        return services;
    }
}
