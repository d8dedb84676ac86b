using InterviewPlatform.Shared.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Tests.Documents;

public sealed class UploadOptionsTests
{
    [Fact]
    public void V7_names_bind_and_extensions_parse_case_insensitively_with_or_without_dots()
    {
        using var services = Provider(new()
        {
            ["MAX_FILE_SIZE"] = "2048",
            ["ALLOWED_EXTENSIONS"] = ".PDF, Docx,,txt",
            ["UPLOAD_DIR"] = "/srv/uploads",
            ["UPLOAD_RETENTION_DAYS"] = "30",
        });

        var options = services.GetRequiredService<IOptions<UploadOptions>>().Value;

        Assert.Equal(2048, options.MaxFileSize);
        Assert.Equal(["docx", "pdf", "txt"], options.AllowedExtensions.Order());
        Assert.Equal("/srv/uploads", options.UploadDir);
        Assert.Equal(30, options.RetentionDays);
        Assert.NotNull(services.GetRequiredService<UploadStore>());
        Assert.NotNull(services.GetRequiredService<TextExtractor>());
    }

    [Fact]
    public void Defaults_match_v7()
    {
        var options = new UploadOptions();

        Assert.Equal(10 * 1024 * 1024, options.MaxFileSize);
        Assert.Equal(["doc", "docx", "pdf", "txt"], options.AllowedExtensions.Order());
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "uploads"), options.UploadDir);
        Assert.Equal(365, options.RetentionDays);
    }

    [Theory]
    [InlineData("MAX_FILE_SIZE", "1023", "MAX_FILE_SIZE")]
    [InlineData("MAX_FILE_SIZE", "104857601", "MAX_FILE_SIZE")]
    [InlineData("ALLOWED_EXTENSIONS", "pdf,exe", "exe")]
    [InlineData("ALLOWED_EXTENSIONS", " , ", "ALLOWED_EXTENSIONS")]
    [InlineData("UPLOAD_RETENTION_DAYS", "0", "UPLOAD_RETENTION_DAYS")]
    public void Bad_setting_fails_at_start_naming_it(string key, string value, string named)
    {
        using var services = Provider(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, error.Message);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddPlatformDocuments(configuration)
            .BuildServiceProvider();
    }
}
