using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Tenancy;

namespace InterviewPlatform.TestSupport;

public static class TestInterviews
{
    /// <summary>
    /// A scheduled interview of a new company with <paramref name="questions"/> verbal questions, straight in
    /// the database, starting at <paramref name="slot"/> (now by default).
    /// </summary>
    public static async Task<Interview> ScheduleInterviewAsync(this TestDatabase database, DateTimeOffset slot,
        int questions = 5, int timeLimitSeconds = 120, int durationMinutes = 60)
    {
        await using var db = database.CreateContext();
        var company = new Company { Name = $"Co {Guid.NewGuid():N}" };
        var department = new Department { Company = company, Name = "Engineering" };
        var jd = new JobDescription { Company = company, Department = department, Title = "Engineer", Domain = "python" };
        db.JobDescriptions.Add(jd);
        await db.SaveChangesAsync();
        var interview = new Interview
        {
            Id = Guid.NewGuid(),
            CompanyId = company.Id,
            DepartmentId = department.Id,
            JobDescriptionId = jd.Id,
            FullName = "Ada Lovelace",
            Age = 30,
            Email = "ada@example.test",
            Domain = "python",
            ScheduledAt = slot,
            DurationMinutes = durationMinutes,
            Questions = Enumerable.Range(1, questions).Select(n => new InterviewQuestion
            {
                Ordinal = n,
                Text = $"Question {n}?",
                Keywords = ["lock", "thread"],
                TimeLimitSeconds = timeLimitSeconds,
            }).ToList(),
        };
        db.Interviews.Add(interview);
        await db.SaveChangesAsync();
        return interview;
    }
}
