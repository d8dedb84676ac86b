using System.Net.Http.Headers;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

/// <summary>Uploads never outlive the request that failed to keep them, and the sweep removes what no row references.</summary>
public sealed class OrphanUploadTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    private int FileCount() => api.UploadCount();

    private static ByteArrayContent Resume(string text)
    {
        var file = new ByteArrayContent(SchedulingApi.Pdf(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return file;
    }

    [Fact]
    public async Task Two_resume_parts_are_422_and_leave_no_file()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var before = FileCount();
        var form = SchedulingApi.ScheduleForm(jobId);
        form.Add(Resume("second resume"), "resume", "second.pdf");

        var envelope = await (await recruiter.Client.PostAsync("/interview/schedule", form)).ReadEnvelopeAsync(422);

        Assert.Equal("resume", envelope.Result()[0].GetProperty("field").GetString());
        Assert.Equal(before, FileCount());
    }

    [Fact]
    public async Task Two_file_parts_on_a_jd_upload_are_422_and_leave_no_file()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var before = FileCount();
        var form = new MultipartFormDataContent { { Resume("one"), "file", "one.pdf" }, { Resume("two"), "file", "two.pdf" } };

        await (await recruiter.Client.PostAsync($"/jds/{jobId}/file", form)).ReadEnvelopeAsync(422);

        Assert.Equal(before, FileCount());
    }

    [Fact]
    public async Task The_sweep_deletes_old_unreferenced_files_and_keeps_the_rest()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(200);
        var kept = Directory.GetFiles(api.UploadDirectory, "*", SearchOption.AllDirectories);
        var old = DateTime.UtcNow - OrphanUploadSweep.Grace - TimeSpan.FromHours(1);
        foreach (var file in kept) File.SetLastWriteTimeUtc(file, old); // referenced, however old

        var orphan = Path.Combine(api.UploadDirectory, "2020", "01", $"{Guid.NewGuid():N}.pdf");
        var abandonedTemp = Path.Combine(api.UploadDirectory, $".upload-{Guid.NewGuid():N}.tmp");
        var fresh = Path.Combine(api.UploadDirectory, "2020", "01", $"{Guid.NewGuid():N}.pdf"); // a request may still be running
        // A spoken question in the speech cache: no row references it, and it is kept to be played again, not resynthesised.
        var clip = Path.Combine(api.UploadDirectory, "tts-cache", "ab", $"ab{Guid.NewGuid():N}.pcm");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        Directory.CreateDirectory(Path.GetDirectoryName(clip)!);
        foreach (var file in new[] { orphan, abandonedTemp, fresh, clip }) await File.WriteAllTextAsync(file, "x");
        File.SetLastWriteTimeUtc(orphan, old);
        File.SetLastWriteTimeUtc(abandonedTemp, old);
        File.SetLastWriteTimeUtc(clip, old);

        using var scope = api.Services.CreateScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<OrphanUploadSweep>().RunAsync(default);

        Assert.Equal(2, deleted);
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(abandonedTemp));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(clip));
        Assert.All(kept, file => Assert.True(File.Exists(file), file));
    }
}
