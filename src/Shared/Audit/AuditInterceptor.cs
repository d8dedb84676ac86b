using System.Text.Json;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace InterviewPlatform.Shared.Audit;

/// <summary>
/// Stamps timestamps and writes one audit row per changed <see cref="IAudited"/> entity, committed in the
/// same transaction as the change. Inserted rows only get their ids when saved, so the audit rows follow
/// in a second save inside a transaction this interceptor opens when the caller did not.
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly HashSet<string> _secretProperties = [nameof(User.PasswordHash), nameof(User.SecurityStamp)];

    private List<Draft>? _drafts;
    private IDbContextTransaction? _ownedTransaction;
    private bool _writingAudit;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Prepare(eventData.Context) is { } context && context.Database.CurrentTransaction is null)
        {
            _ownedTransaction = await context.Database.BeginTransactionAsync(cancellationToken);
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_writingAudit || _drafts is null || eventData.Context is not PlatformDbContext context) return result;
        try
        {
            _writingAudit = true;
            context.AuditLogs.AddRange(_drafts.Select(d => d.ToRow(context.CurrentUser, clock.GetUtcNow())));
            await context.SaveChangesAsync(cancellationToken);
            if (_ownedTransaction is not null) await _ownedTransaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await EndAsync();
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!_writingAudit) await EndAsync();
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new InvalidOperationException("PlatformDbContext is saved with SaveChangesAsync only, so that audit rows commit with the change.");

    private PlatformDbContext? Prepare(DbContext? dbContext)
    {
        if (_writingAudit || dbContext is not PlatformDbContext context) return null;

        var now = clock.GetUtcNow();
        var drafts = new List<Draft>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is IHasTimestamps stamped)
            {
                if (entry.State == EntityState.Added) stamped.CreatedAt = now;
                if (entry.State is EntityState.Added or EntityState.Modified) stamped.UpdatedAt = now;
            }
            if (entry.Entity is IAudited && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                drafts.Add(Draft.From(entry));
            }
        }
        if (drafts.Count == 0) return null;
        _drafts = drafts;
        return context;
    }

    private async Task EndAsync()
    {
        _writingAudit = false;
        _drafts = null;
        if (_ownedTransaction is not null)
        {
            await _ownedTransaction.DisposeAsync();
            _ownedTransaction = null;
        }
    }

    private sealed record Draft(EntityEntry Entry, string Action, Dictionary<string, object?>? Before, Dictionary<string, object?>? After)
    {
        public static Draft From(EntityEntry entry)
        {
            var changed = entry.Properties.Where(p => entry.State != EntityState.Modified || p.IsModified)
                .Where(p => p.Metadata.Name is not (nameof(IHasTimestamps.CreatedAt) or nameof(IHasTimestamps.UpdatedAt)))
                .ToList();
            return entry.State switch
            {
                EntityState.Added => new Draft(entry, "created", null, Snapshot(changed, current: true)),
                EntityState.Deleted => new Draft(entry, "deleted", Snapshot(changed, current: false), null),
                _ => new Draft(entry, "updated", Snapshot(changed, current: false), Snapshot(changed, current: true)),
            };
        }

        public AuditLog ToRow(Tenancy.ICurrentUser actor, DateTimeOffset at)
        {
            var audited = (IAudited)Entry.Entity;
            return new AuditLog
            {
                ActorUserId = actor.UserId,
                ActorEmail = actor.Email,
                Action = $"{Entry.Metadata.ClrType.Name.ToLowerInvariant()}.{Action}",
                Entity = Entry.Metadata.GetTableName() ?? Entry.Metadata.ClrType.Name,
                EntityId = string.Join(",", Entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Entry.Property(p.Name).CurrentValue)),
                CompanyId = audited.OwningCompanyId,
                IpAddress = actor.IpAddress,
                At = at,
                Before = Before is null ? null : JsonSerializer.Serialize(Before),
                After = After is null ? null : JsonSerializer.Serialize(After),
            };
        }

        private static Dictionary<string, object?> Snapshot(IEnumerable<PropertyEntry> properties, bool current) =>
            properties.ToDictionary(
                p => p.Metadata.GetColumnName(),
                p => _secretProperties.Contains(p.Metadata.Name) ? "[redacted]" : Describe(current ? p.CurrentValue : p.OriginalValue));

        private static object? Describe(object? value) => value is Enum e ? e.ToString() : value;
    }
}
