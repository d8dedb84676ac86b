using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Shared.Web;

/// <summary>One page of a list: the items plus enough to draw a pager.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>The <c>page</c> and <c>page_size</c> query parameters of every list (bind with [AsParameters]).</summary>
public sealed record PageRequest([FromQuery(Name = "page")] int? Page, [FromQuery(Name = "page_size")] int? PageSize);

public static class Paging
{
    public const int MaxPageSize = 100;

    public static async Task<Paged<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest request, CancellationToken ct)
    {
        var number = request.Page ?? 1;
        var size = request.PageSize ?? 20;
        var errors = new List<FieldError>();
        if (number < 1) errors.Add(new FieldError("page", "must be 1 or more"));
        if (size is < 1 or > MaxPageSize) errors.Add(new FieldError("page_size", $"must be between 1 and {MaxPageSize}"));
        // SQL's OFFSET is computed in int here: a huge page number would overflow into a negative offset (and a 500).
        else if (((long)number - 1) * size > int.MaxValue) errors.Add(new FieldError("page", $"must be at most {int.MaxValue / size + 1} with page_size {size}"));
        if (errors.Count > 0) throw new RequestValidationException(errors);

        // One round trip: the total rides on every row as an uncorrelated subquery, which PostgreSQL runs once.
        // Only a page past the end has no row to carry it, and counts separately.
        var rows = await query.Select(item => new Counted<T>(item, query.Count())).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var total = rows.Count > 0 ? rows[0].Total : number == 1 ? 0 : await query.CountAsync(ct);
        return new Paged<T>(rows.ConvertAll(r => r.Item), total, number, size);
    }

    private sealed record Counted<T>(T Item, int Total);
}
