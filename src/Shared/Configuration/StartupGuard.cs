using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Configuration;

/// <summary>
/// Turns a bad setting into one line on stderr and exit code 1, instead of a stack trace.
/// </summary>
public static class StartupGuard
{
    /// <summary>
    /// Checks every ValidateOnStart option right after Build, before the pipeline resolves anything that
    /// depends on them; on failure prints one line and returns the exit code.
    /// </summary>
    public static int? Invalid(WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            Console.Error.WriteLine($"Configuration error: {message}");
            return 1;
        }
    }

    /// <summary>Validates every ValidateOnStart option first, so a bad setting never gets as far as the host's own error log.</summary>
    public static async Task<int> RunAsync(WebApplication app, Func<Task<int>> start)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return await start();
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {message}");
            return 1;
        }
    }

    public static Task<int> RunAsync(WebApplication app) => RunAsync(app, async () =>
    {
        await app.RunAsync();
        return 0;
    });

    /// <summary>The configuration problem behind <paramref name="ex"/>, or null when it is something else.</summary>
    public static string? Describe(Exception ex) => ex switch
    {
        OptionsValidationException validation => string.Join("; ", validation.Failures),
        // The binder's own message names the variable: "Failed to convert configuration value 'x' at 'NAME' ..."
        InvalidOperationException { Message: var m } when m.StartsWith("Failed to convert configuration value") => m,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Describe).FirstOrDefault(d => d is not null),
        _ when ex.InnerException is { } inner => Describe(inner),
        _ => null,
    };
}
