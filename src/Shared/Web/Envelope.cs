using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewPlatform.Shared.Web;

/// <summary>v7's response shape, for successes and errors alike.</summary>
public sealed record Envelope<T>(int Status, string Message, T Result);

public static class Envelope
{
    /// <summary>v7 answered errors with <c>result: []</c>; we keep that where there are no details.</summary>
    public static readonly object[] NoDetails = [];

    public static JsonHttpResult<Envelope<T>> Ok<T>(T result, string message) =>
        TypedResults.Json(new Envelope<T>(StatusCodes.Status200OK, message, result), statusCode: StatusCodes.Status200OK);

    public static JsonHttpResult<Envelope<T>> Created<T>(T result, string message) =>
        TypedResults.Json(new Envelope<T>(StatusCodes.Status201Created, message, result), statusCode: StatusCodes.Status201Created);

    public static Envelope<object> Error(int status, string message, object? details = null) =>
        new(status, message, details ?? NoDetails);
}

/// <summary>A failure the caller should see, with its status and message; details go to <c>result</c>.</summary>
public class ApiException(int status, string message, object? details = null) : Exception(message)
{
    public int Status { get; } = status;
    public object? Details { get; } = details;

    public static ApiException NotFound(string what) => new(StatusCodes.Status404NotFound, $"{what} not found");
    public static ApiException Forbidden(string message = "Not enough permissions") => new(StatusCodes.Status403Forbidden, message);
    public static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, message);
}

/// <summary>One bad field of a request, as listed in a 422 envelope's <c>result</c>.</summary>
public sealed record FieldError(string Field, string Error);

public sealed class RequestValidationException(IReadOnlyList<FieldError> errors)
    : ApiException(StatusCodes.Status422UnprocessableEntity, "Request validation failed", errors)
{
    public RequestValidationException(string field, string error) : this([new FieldError(field, error)]) { }
}
