using Microsoft.Extensions.AI;

namespace InterviewPlatform.Shared.Ai;

/// <summary>The configured model behind the seam: <see cref="Client"/> is null when the platform runs offline.</summary>
public sealed record AiModel(AiProvider Provider, string Model, IChatClient? Client)
{
    public string ProviderName => Data.WireEnum<AiProvider>.Name(Provider);
}
