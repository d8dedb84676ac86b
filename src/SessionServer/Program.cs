using InterviewPlatform.SessionServer.Sessions;
using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Email;
using InterviewPlatform.Shared.Health;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Jobs;
using InterviewPlatform.Shared.Observability;
using InterviewPlatform.Shared.Speech;

DotEnv.Load();
// Settings files ship beside the binary; the working directory stays the operator's (for .env).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddPlatformHosting();
builder.AddPlatformObservability();
builder.Services.AddPlatformData(builder.Configuration);
builder.Services.AddPlatformAuth(builder.Configuration);
builder.Services.AddPlatformHealth();
builder.Services.AddPlatformInterviews(builder.Configuration);
builder.Services.AddPlatformAi(builder.Configuration);
builder.Services.AddPlatformEmail(builder.Configuration);
builder.Services.AddPlatformJobs(builder.Configuration, runServer: false);
builder.Services.AddPlatformSpeech(builder.Configuration);
builder.Services.AddInterviewSessions(builder.Configuration);

var app = builder.Build();
if (StartupGuard.Invalid(app) is { } exitCode) return exitCode;
app.UsePlatformPipeline();
app.UseCandidateNegotiation();
app.UseAuthentication();
app.UseAuthorization();

app.UseStaticFiles();
app.MapPlatformHealth();
app.MapPlatformMetrics();
app.MapInterviewHubs();
app.MapCandidatePage();

return await StartupGuard.RunAsync(app);

public partial class Program;
