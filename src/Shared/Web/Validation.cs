using System.ComponentModel.DataAnnotations;
using System.Reflection;
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

    /// <summary>The first broken rule of each property, said in words the client can act on ("must be at most 200 characters").</summary>
    public static void ThrowIfInvalid(object request)
    {
        var errors = new List<FieldError>();
        foreach (var property in request.GetType().GetProperties())
        {
            var value = property.GetValue(request);
            if (property.GetCustomAttributes<ValidationAttribute>(true).FirstOrDefault(a => !a.IsValid(value)) is { } broken)
            {
                errors.Add(new FieldError(JsonName(property.Name), Words(broken, property.Name)));
            }
        }
        if (errors.Count > 0) throw new RequestValidationException(errors);
    }

    private static string Words(ValidationAttribute rule, string name) => rule switch
    {
        RequiredAttribute => "is required",
        StringLengthAttribute { MinimumLength: > 0 } s => $"must be {s.MinimumLength} to {s.MaximumLength} characters",
        StringLengthAttribute s => $"must be at most {s.MaximumLength} characters",
        MaxLengthAttribute m => $"must be at most {m.Length} characters",
        MinLengthAttribute m => $"must be at least {m.Length} characters",
        EmailAddressAttribute => "must be an email address such as name@example.com",
        RangeAttribute r => $"must be between {r.Minimum} and {r.Maximum}",
        _ => rule.FormatErrorMessage(JsonName(name)),
    };

    public static string JsonName(string member) => JsonNamingPolicy.SnakeCaseLower.ConvertName(member);

    private static RouteHandlerBuilder ProducesValidationEnvelope(this RouteHandlerBuilder builder) =>
        builder.Produces<Envelope<FieldError[]>>(StatusCodes.Status422UnprocessableEntity);
}
