using System.Collections.Frozen;
using System.Text.Json;
using Fluid;

namespace InterviewPlatform.Shared.Email;

/// <summary>
/// The embedded Templates/ folder, parsed once: every <c>*.liquid</c> by file name and every
/// <c>strings/&lt;lang&gt;.json</c> by language. A broken or missing file stops the composer from being created,
/// instead of failing one kind of email much later.
/// </summary>
internal sealed class EmailTemplates
{
    public const string ResourcePrefix = "InterviewPlatform.Shared.Email.Templates.";
    private const string StringsPrefix = ResourcePrefix + "strings.";

    private readonly FrozenDictionary<string, IFluidTemplate> _templates;
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _strings;

    public EmailTemplates()
    {
        var assembly = typeof(EmailTemplates).Assembly;
        var parser = new FluidParser();
        var templates = new Dictionary<string, IFluidTemplate>();
        var strings = new Dictionary<string, FrozenDictionary<string, string>>();

        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            var content = reader.ReadToEnd();
            if (resource.StartsWith(StringsPrefix, StringComparison.Ordinal) && resource.EndsWith(".json", StringComparison.Ordinal))
            {
                var language = resource[StringsPrefix.Length..^".json".Length];
                strings[language] = JsonSerializer.Deserialize<Dictionary<string, string>>(content)!.ToFrozenDictionary();
            }
            else if (resource.EndsWith(".liquid", StringComparison.Ordinal))
            {
                var name = resource[ResourcePrefix.Length..^".liquid".Length];
                templates[name] = parser.TryParse(content, out var template, out var error)
                    ? template
                    : throw new InvalidOperationException($"Email template {name}.liquid does not parse: {error}");
            }
        }

        _templates = templates.ToFrozenDictionary();
        _strings = strings.ToFrozenDictionary();
        if (EmailComposer.Languages.FirstOrDefault(l => !_strings.ContainsKey(l)) is { } missing)
        {
            throw new InvalidOperationException($"Email strings {StringsPrefix}{missing}.json are not embedded");
        }
    }

    public FrozenDictionary<string, string> Strings(string language) => _strings[language];

    /// <summary>A template by file name without <c>.liquid</c>, e.g. <c>invitation.html</c>.</summary>
    public IFluidTemplate Template(string name) => _templates.TryGetValue(name, out var template)
        ? template
        : throw new InvalidOperationException($"Email template {ResourcePrefix}{name}.liquid is not embedded");
}
