using Mobilize.Api.Health;
using Mobilize.Api.Infrastructure;
using Mobilize.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, SiloHostingExtensions.SwitchMappings);

builder.AddMobilizeSilo();
builder.AddMobilizeApi();

var app = builder.Build();

app.UseMobilizeApi();
app.MapHealthApi();

app.Run();

public partial class Program;
