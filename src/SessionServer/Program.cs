using InterviewPlatform.SessionServer.Sessions;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Health;

DotEnv.Load();
var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformHosting();
builder.Services.AddPlatformData(builder.Configuration);
builder.Services.AddPlatformAuth(builder.Configuration);
builder.Services.AddPlatformHealth();
builder.Services.AddInterviewSessions(builder.Configuration);

var app = builder.Build();
app.UsePlatformPipeline();
app.UseAuthentication();
app.UseAuthorization();

app.MapPlatformHealth();
app.MapInterviewHub();

return await StartupGuard.RunAsync(app);

public partial class Program;
