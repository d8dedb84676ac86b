using InterviewPlatform.Shared.Auth;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Interviews;

/// <summary>The candidate's personal link: PROD_URL or LOCAL_FRONTEND_URL plus a token for this interview only.</summary>
public sealed class JoinLinks(IOptions<InterviewOptions> options, CandidateTokenIssuer tokens)
{
    public string For(Interview interview) => options.Value.JoinUrl(interview.Id, tokens.Issue(interview));
}
