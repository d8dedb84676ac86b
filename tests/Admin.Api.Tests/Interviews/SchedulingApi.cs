using System.Net.Http.Headers;
using System.Text;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

/// <summary>A factory whose mail goes to a temporary pickup folder and uploads to a temporary directory.</summary>
public class SchedulingApi : AdminApiFactory
{
    public string MailDirectory { get; } = Directory.CreateTempSubdirectory("mail").FullName;
    public string UploadDirectory { get; } = Directory.CreateTempSubdirectory("uploads").FullName;

    /// <summary>Files stored as uploads (UPLOAD_DIR/yyyy/MM), not the speech cache beside them that a scheduling's job fills at its own pace.</summary>
    public int UploadCount() => Services.GetRequiredService<UploadStore>().List().Count();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["EMAIL_PICKUP_DIR"] = MailDirectory,
        ["UPLOAD_DIR"] = UploadDirectory,
        ["LOCAL_FRONTEND_URL"] = "https://candidates.example",
        ["JOB_POLL_SECONDS"] = "1",
    };

    /// <summary>Bytes the host read from the body of the last request marked X-Count-Body.</summary>
    public long CountedBodyBytes => _bodyCounter.BytesRead;

    private readonly BodyCounter _bodyCounter = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(_bodyCounter));
    }

    /// <summary>Counts what the server pulls from a request body (TestServer itself pumps the whole body).</summary>
    private sealed class BodyCounter : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public long BytesRead;

        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.ContainsKey("X-Count-Body"))
                {
                    BytesRead = 0;
                    context.Request.Body = new CountingReadStream(context.Request.Body, n => Interlocked.Add(ref BytesRead, n));
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CountingReadStream(Stream inner, Action<int> counted) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            counted(n);
            return n;
        }
    }

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
            title = "Backend Engineer",
            domain = "python",
            department_id = departmentId,
            description = "Build APIs",
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
            ["full_name"] = "Lucía Fernández",
            ["age"] = "29",
            ["sex"] = "female",
            ["phone"] = "+34 600 000 000",
            ["email_id"] = "lucia@example.test",
            ["job_id"] = jobId.ToString(),
            ["domain"] = "python",
            ["language_preference"] = language,
            ["mode"] = "STATIC",
            ["time_zone"] = "Europe/Madrid",
            ["scheduled_at"] = scheduledAt ?? DateTimeOffset.UtcNow.AddDays(3).ToString("O"),
        };
        foreach (var (key, value) in overrides ?? []) fields[key] = value;
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields) form.Add(new StringContent(value, Encoding.UTF8), key);
        var file = new ByteArrayContent(resume ?? Pdf("Lucia Fernandez - Python developer"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "resume", resumeName);
        return form;
    }

    /// <summary>The mails mentioning <paramref name="text"/> (an interview id), once <paramref name="count"/> have arrived.</summary>
    public async Task<List<MimeKit.MimeMessage>> WaitForMailAsync(string text, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(40));
        while (true)
        {
            var found = Directory.GetFiles(MailDirectory, "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
                .Where(m => (m.TextBody ?? "").Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline) return found;
            await Task.Delay(250);
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var directory in new[] { MailDirectory, UploadDirectory }) if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
