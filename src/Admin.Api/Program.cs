using InterviewPlatform.Admin.Api.Analytics;
using InterviewPlatform.Admin.Api.Auth;
using InterviewPlatform.Admin.Api.Cli;
using InterviewPlatform.Admin.Api.Docs;
using InterviewPlatform.Admin.Api.Interviews;
using InterviewPlatform.Admin.Api.JobDescriptions;
using InterviewPlatform.Admin.Api.Jobs;
using InterviewPlatform.Admin.Api.Operations;
using InterviewPlatform.Admin.Api.Tenancy;
using InterviewPlatform.Admin.Api.Uploads;
using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.Shared.Email;
using InterviewPlatform.Shared.Health;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Jobs;
using InterviewPlatform.Shared.Observability;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.Shared.Web;
using Scalar.AspNetCore;

DotEnv.Load();
// Measuring an evaluator needs no database, secret or web host: it runs before any of them is configured.
if (ScoreAnswersCommand.IsCommand(args))
{
    var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);
    return await ScoreAnswersCommand.RunAsync(args, environment, Console.In, Console.Out, Console.Error);
}
// Settings files ship beside the binary; the working directory stays the operator's (for .env).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddPlatformHosting(honourV7HostPort: true);
builder.AddPlatformObservability();
builder.Services.AddPlatformData(builder.Configuration);
builder.Services.AddPlatformAuth(builder.Configuration);
builder.Services.AddPlatformHealth();
builder.Services.AddPlatformInterviews(builder.Configuration);
builder.Services.AddPlatformAi(builder.Configuration);
builder.Services.AddPlatformDocuments(builder.Configuration);
builder.Services.AddPlatformEmail(builder.Configuration);
builder.Services.AddPlatformJobs(builder.Configuration, runServer: true);
builder.Services.AddPlatformSpeech(builder.Configuration);
builder.Services.AddTenancyAdministration();
builder.Services.AddScoped<InterviewScheduler>();
builder.Services.AddScoped<InterviewReader>();
builder.Services.AddHostedService<OrphanUploadSchedule>();
builder.Services.AddApiRateLimit(builder.Configuration);
builder.Services.AddOperations();
builder.Services.AddApiDocument();

var app = builder.Build();
if (StartupGuard.Invalid(app) is { } exitCode) return exitCode;
if (Commands.IsCommand(args)) return await StartupGuard.RunAsync(app, () => Commands.RunAsync(app, args));
if (app.Environment.IsDevelopment()) await Commands.MigrateAsync(app);

app.UseRequestStatistics();
app.UsePlatformPipeline();
app.UseAuthentication();
app.UseApiRateLimit();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/docs").AllowAnonymous();
app.MapPlatformHealth();
app.MapPlatformMetrics();
app.MapAuthApi();
app.MapCompaniesApi();
app.MapDepartmentsApi();
app.MapUsersApi();
app.MapJobDescriptionsApi();
app.MapQuestionGenerationApi();
app.MapInterviewsApi();
app.MapEvaluationApi();
app.MapAnalyticsApi();
app.MapJobsDashboard();
app.MapOperationsApi();

return await StartupGuard.RunAsync(app);

public partial class Program;
