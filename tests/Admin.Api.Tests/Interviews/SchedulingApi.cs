using System.Net.Http.Headers;
using System.Text;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.TestSupport;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

/// <summary>A factory whose mail goes to a temporary pickup folder and uploads to a temporary directory.</summary>
public class SchedulingApi : AdminApiFactory
{
    public string MailDirectory { get; } = Directory.CreateTempSubdirectory("mail").FullName;
    public string UploadDirectory { get; } = Directory.CreateTempSubdirectory("uploads").FullName;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["EMAIL_PICKUP_DIR"] = MailDirectory,
        ["UPLOAD_DIR"] = UploadDirectory,
        ["LOCAL_FRONTEND_URL"] = "https://candidates.example",
        ["JOB_POLL_SECONDS"] = "1",
    };

    public static byte[] Pdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText(text, 12, new PdfPoint(25, 700), font);
        return builder.Build();
    }

    /// <summary>A JD with two verbal questions, created through the API as <paramref name="client"/>.</summary>
    public static async Task<int> CreateJdAsync(HttpClient client, int? departmentId = null)
    {
        var jd = await (await client.PostJsonAsync("/jds", new
        {
            title = "Backend Engineer", domain = "python", department_id = departmentId, description = "Build APIs",
            questions = new object[]
            {
                new { text = "Explain Python's GIL.", expected_answer = "A lock ...", keywords = new[] { "lock", "threads" } },
                new { text = "What is a generator?", time_limit_seconds = 120 },
            },
        })).ReadEnvelopeAsync(201);
        return jd.Result().GetProperty("id").GetInt32();
    }

    public static MultipartFormDataContent ScheduleForm(int jobId, string language = "es", string? scheduledAt = null,
        byte[]? resume = null, string resumeName = "cv.pdf", Dictionary<string, string>? overrides = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["full_name"] = "Lucía Fernández", ["age"] = "29", ["sex"] = "female", ["phone"] = "+34 600 000 000",
            ["email_id"] = "lucia@example.test", ["job_id"] = jobId.ToString(), ["domain"] = "python",
            ["language_preference"] = language, ["mode"] = "STATIC", ["time_zone"] = "Europe/Madrid",
            ["scheduled_at"] = scheduledAt ?? DateTimeOffset.UtcNow.AddDays(3).ToString("O"),
        };
        foreach (var (key, value) in overrides ?? []) fields[key] = value;
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields) form.Add(new StringContent(value, Encoding.UTF8), key);
        var file = new ByteArrayContent(resume ?? Pdf("Lucía Fernández — Python developer"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "resume", resumeName);
        return form;
    }

    public async Task<string[]> WaitForMailAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(40));
        while (true)
        {
            var files = Directory.GetFiles(MailDirectory, "*.eml");
            if (files.Length >= count || DateTime.UtcNow > deadline) return files;
            await Task.Delay(250);
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var directory in new[] { MailDirectory, UploadDirectory }) if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
