using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPlatform.Shared.Interviews;

internal sealed class JobDescriptionConfiguration : IEntityTypeConfiguration<JobDescription>
{
    public void Configure(EntityTypeBuilder<JobDescription> builder)
    {
        builder.Property(j => j.Title).HasMaxLength(200);
        builder.Property(j => j.Domain).HasMaxLength(100);
        builder.HasOne(j => j.Company).WithMany().HasForeignKey(j => j.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(j => j.Department).WithMany().HasForeignKey(j => j.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsOne(j => j.File, StoredFileConfiguration.Configure);
        builder.HasMany(j => j.Questions).WithOne().HasForeignKey(q => q.JobDescriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.CompanyId, j.DepartmentId });
    }
}

internal sealed class JdQuestionConfiguration : IEntityTypeConfiguration<JdQuestion>
{
    public void Configure(EntityTypeBuilder<JdQuestion> builder)
    {
        QuestionColumns.Configure(builder);
        builder.HasIndex(q => new { q.JobDescriptionId, q.Ordinal }).IsUnique();
    }
}

internal sealed class InterviewConfiguration : IEntityTypeConfiguration<Interview>
{
    public void Configure(EntityTypeBuilder<Interview> builder)
    {
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.RowVersion).IsRowVersion();
        builder.Property(i => i.FullName).HasMaxLength(200);
        builder.Property(i => i.Email).HasMaxLength(320);
        builder.Property(i => i.Sex).HasMaxLength(32);
        builder.Property(i => i.Phone).HasMaxLength(40);
        builder.Property(i => i.Domain).HasMaxLength(100);
        builder.Property(i => i.Language).HasMaxLength(8);
        builder.Property(i => i.TimeZone).HasMaxLength(64);
        builder.Property(i => i.CancelReason).HasMaxLength(500);
        builder.Property(i => i.Mode).HasMaxLength(16).HasConversion(WireEnum<InterviewMode>.Converter);
        builder.Property(i => i.Status).HasMaxLength(16).HasConversion(WireEnum<InterviewStatus>.Converter);
        builder.Property(i => i.EvaluationResult).HasColumnType("jsonb");
        builder.Property(i => i.QuestionsGeneratedBy).HasMaxLength(64);
        builder.HasOne(i => i.Company).WithMany().HasForeignKey(i => i.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Tenancy.Department>().WithMany().HasForeignKey(i => i.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(i => i.JobDescription).WithMany().HasForeignKey(i => i.JobDescriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsOne(i => i.Resume, StoredFileConfiguration.Configure);
        builder.HasMany(i => i.Questions).WithOne().HasForeignKey(q => q.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Answers).WithOne().HasForeignKey(a => a.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.CompanyId, i.Status, i.ScheduledAt });
        builder.HasIndex(i => i.Email);
        // The evaluation sweeper's queue: completed interviews not yet handed to the job queue.
        builder.HasIndex(i => i.CompletedAt).HasDatabaseName("ix_interviews_awaiting_evaluation")
            .HasFilter("status = 'completed' AND evaluation_enqueued_at IS NULL");
    }
}

internal sealed class InterviewQuestionConfiguration : IEntityTypeConfiguration<InterviewQuestion>
{
    public void Configure(EntityTypeBuilder<InterviewQuestion> builder)
    {
        QuestionColumns.Configure(builder);
        builder.HasIndex(q => new { q.InterviewId, q.Ordinal }).IsUnique();
    }
}

internal sealed class InterviewAnswerConfiguration : IEntityTypeConfiguration<InterviewAnswer>
{
    public void Configure(EntityTypeBuilder<InterviewAnswer> builder)
    {
        // The database is what makes a retried submit store exactly one answer.
        builder.HasIndex(a => new { a.InterviewId, a.Ordinal }).IsUnique();
        builder.HasIndex(a => a.AnswerId).IsUnique();
    }
}

internal static class QuestionColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> builder) where T : class, IQuestion
    {
        builder.Property(q => q.Kind).HasMaxLength(16).HasConversion(WireEnum<QuestionKind>.Converter);
        builder.Property(q => q.CodeLanguage).HasMaxLength(32);
    }
}

internal static class StoredFileConfiguration
{
    public static void Configure<TOwner>(OwnedNavigationBuilder<TOwner, StoredFile> file) where TOwner : class
    {
        file.Property(f => f.StorageKey).HasMaxLength(300);
        file.Property(f => f.FileName).HasMaxLength(255);
        file.Property(f => f.ContentType).HasMaxLength(100);
        file.Property(f => f.Sha256).HasMaxLength(64);
        file.Property(f => f.TextError).HasMaxLength(300);
    }
}
