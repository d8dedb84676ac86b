using InterviewPlatform.Shared.Interviews;

namespace InterviewPlatform.Shared.Tests.Interviews;

public sealed class QuestionBankTests
{
    private static readonly string[] _v7Domains = ["python", "javascript", "java", "react", "nodejs", "system-design", "data-science", "devops"];
    private readonly QuestionBank _bank = new();

    [Fact]
    public void Every_v7_domain_and_difficulty_has_five_real_questions()
    {
        Assert.Equal(_v7Domains.Order(), _bank.Domains.Order());
        foreach (var domain in _v7Domains)
        {
            foreach (var difficulty in QuestionBank.Difficulties)
            {
                var questions = _bank.Questions(domain, difficulty);
                Assert.True(questions.Count >= 5, $"{domain}/{difficulty} has {questions.Count}");
                Assert.All(questions, q =>
                {
                    Assert.True(q.Text.Length > 10 && q.ExpectedAnswer.Length > 40, q.Text);
                    Assert.InRange(q.Keywords.Count, 3, 8);
                    // The rubric scores keyword coverage: a model answer must itself score well.
                    Assert.True(q.Keywords.Count(k => q.ExpectedAnswer.Contains(k, StringComparison.OrdinalIgnoreCase)) * 2 >= q.Keywords.Count,
                        $"expected answer misses most keywords: {q.Text}");
                    if (q.Kind == QuestionKind.Coding) Assert.False(string.IsNullOrWhiteSpace(q.StarterCode));
                });
            }
        }
    }

    [Fact]
    public void A_pick_is_mixed_and_repeatable_for_the_same_interview()
    {
        var first = _bank.Pick("python", seed: 42)!;
        Assert.Equal(5, first.Count);
        Assert.Equal(first, _bank.Pick("python", seed: 42));
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.Null(_bank.Pick("underwater-basket-weaving", seed: 1));
    }
}
