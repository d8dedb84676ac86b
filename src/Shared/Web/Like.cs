namespace InterviewPlatform.Shared.Web;

/// <summary>Escapes a user's search text for a LIKE pattern, so '%' and '_' match themselves.</summary>
public static class Like
{
    public static string Escape(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
