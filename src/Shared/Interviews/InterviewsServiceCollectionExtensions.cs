using InterviewPlatform.Shared.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Interviews;

public static class InterviewsServiceCollectionExtensions
{
    public static IServiceCollection AddPlatformInterviews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InterviewOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InterviewOptions>, InterviewOptionsValidator>();
        services.AddSingleton<QuestionBank>();
        services.AddSingleton<CandidateTokenIssuer>();
        services.AddSingleton<JoinLinks>();
        return services;
    }
}
