using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace InterviewPlatform.Shared.Web;

public static class Validation
{
    /// <summary>Checks the <typeparamref name="T"/> argument's data annotations; a failure is a 422 naming each field.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            if (context.Arguments.OfType<T>().FirstOrDefault() is { } request) ThrowIfInvalid(request);
            return await next(context);
        }).ProducesValidationEnvelope();

    public static void ThrowIfInvalid(object request)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true)) return;

        var errors = results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("body").Select(m => new FieldError(JsonName(m), r.ErrorMessage ?? "Invalid value")))
            .ToList();
        throw new RequestValidationException(errors);
    }

    public static string JsonName(string member) => JsonNamingPolicy.SnakeCaseLower.ConvertName(member);

    private static RouteHandlerBuilder ProducesValidationEnvelope(this RouteHandlerBuilder builder) =>
        builder.Produces<Envelope<FieldError[]>>(StatusCodes.Status422UnprocessableEntity);
}
