namespace InterviewPlatform.Shared.Configuration;

/// <summary>
/// v7 operators keep their settings in a <c>.env</c> file beside the process. It is read before the
/// host builds its configuration, and never overrides a variable that the real environment sets.
/// </summary>
public static class DotEnv
{
    public static void Load(string? directory = null)
    {
        var path = Path.Combine(directory ?? Directory.GetCurrentDirectory(), ".env");
        if (File.Exists(path))
        {
            DotNetEnv.Env.NoClobber().Load(path);
        }
    }
}
