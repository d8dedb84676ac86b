namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// What the setup check's speaker test says: one short sentence per interview language, spoken by the same voice,
/// format and cache as the questions, so the candidate hears what the interview will sound like (a tone would only
/// prove that the speakers make a noise). The text lives here, not in the page's strings: the server speaks it.
/// </summary>
public static class SpeakerSample
{
    public static readonly IReadOnlyDictionary<string, string> Sentences = new Dictionary<string, string>
    {
        ["en"] = "This is how your interview questions will sound. If you can hear this clearly, your speakers are ready.",
        ["es"] = "Así sonarán las preguntas de tu entrevista. Si oyes esto con claridad, tus altavoces están listos.",
        ["fr"] = "Voici comment les questions de votre entretien seront lues. Si vous entendez ceci clairement, vos haut-parleurs sont prêts.",
        ["de"] = "So klingen die Fragen in Ihrem Interview. Wenn Sie das deutlich hören, sind Ihre Lautsprecher bereit.",
        ["pt"] = "É assim que as perguntas da sua entrevista vão soar. Se você ouve isto com clareza, seus alto-falantes estão prontos.",
        ["hi"] = "आपके साक्षात्कार के प्रश्न ऐसे सुनाई देंगे। अगर आप इसे साफ़ सुन पा रहे हैं, तो आपके स्पीकर तैयार हैं।",
        ["zh"] = "面试问题听起来就是这样。如果您能清楚地听到这段话，说明您的扬声器已经准备就绪。",
        ["ja"] = "面接の質問はこのように聞こえます。これがはっきり聞こえれば、スピーカーの準備はできています。",
        ["ko"] = "면접 질문은 이렇게 들립니다. 이 소리가 또렷하게 들리면 스피커가 준비된 것입니다.",
        ["ar"] = "هكذا ستبدو أسئلة مقابلتك. إذا كنت تسمع هذا بوضوح، فإن مكبرات الصوت لديك جاهزة.",
        ["ru"] = "Так будут звучать вопросы вашего собеседования. Если вы хорошо это слышите, ваши динамики готовы.",
        ["it"] = "Ecco come suoneranno le domande del tuo colloquio. Se senti questo chiaramente, i tuoi altoparlanti sono pronti.",
    };

    /// <summary>The sentence in <paramref name="language"/> (a v7 code; "pt-BR" reads as "pt"), or null for a language the platform does not offer.</summary>
    public static string? For(string? language) => language is null ? null : Sentences.GetValueOrDefault(SpeechLanguage.Normalize(language));
}
