using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPlatform.Shared.Auth;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.Email).HasMaxLength(320);
        builder.HasIndex(u => u.Email).IsUnique();
        builder.Property(u => u.PasswordHash).HasMaxLength(100);
        builder.Property(u => u.FullName).HasMaxLength(200);
        builder.Property(u => u.Language).HasMaxLength(8);
        // Rows from before the column get a stamp of their own.
        builder.Property(u => u.SecurityStamp).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(u => u.Role).HasMaxLength(32)
            .HasConversion(r => r.ToClaim(), s => UserRoles.FromClaim(s) ?? UserRole.DepartmentUser);
        builder.HasOne(u => u.Company).WithMany().HasForeignKey(u => u.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(u => u.Department).WithMany().HasForeignKey(u => u.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_users_role_scope",
            "(role = 'super_admin' AND company_id IS NULL AND department_id IS NULL) OR " +
            "(role = 'company_user' AND company_id IS NOT NULL AND department_id IS NULL) OR " +
            "(role = 'department_user' AND company_id IS NOT NULL AND department_id IS NOT NULL)"));
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.FamilyId);
        builder.HasIndex(t => t.UserId);
        builder.Property(t => t.RevokedReason).HasMaxLength(64);
        builder.Property(t => t.CreatedByIp).HasMaxLength(64);
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
