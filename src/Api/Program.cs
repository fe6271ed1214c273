using Mobilize.Api.Access;
using Mobilize.Api.Demo;
using Mobilize.Api.Exercises;
using Mobilize.Api.Alerts;
using Mobilize.Api.Health;
using Mobilize.Api.Imports;
using Mobilize.Api.Incidents;
using Mobilize.Api.Infrastructure;
using Mobilize.Api.Locations;
using Mobilize.Api.Offers;
using Mobilize.Api.Operations;
using Mobilize.Api.Organisations;
using Mobilize.Api.Plans;
using Mobilize.Api.Push;
using Mobilize.Api.Realtime;
using Mobilize.Api.Teams;
using Mobilize.Api.Volunteers;
using Mobilize.Silo.Hosting;
using Mobilize.Silo.Operations;

args = DemoDrill.ExpandSwitch(args);
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, SiloHostingExtensions.SwitchMappings);

// The embedded default co-hosts the silo; a node in front of a cluster is an Orleans client (docs/deployment.md).
if (builder.IsRemoteSilo()) builder.AddMobilizeClient(client => client.AddOperationsDashboard());
else builder.AddMobilizeSilo(silo => silo.AddOperationsDashboard());
builder.AddMobilizeApi();
builder.AddRealtime();
builder.AddPush();
builder.AddVolunteerFeed();
builder.AddOperations();
DemoDrill.AddDemo(builder);

var app = builder.Build();

app.UseMobilizeApi();
app.MapHealthApi();
app.MapTokensApi();
app.MapEnrolmentsApi();
app.MapAuditApi();
app.MapOrganisationsApi();
app.MapUnitsApi();
app.MapPlansApi();
app.MapLaunchApi();
app.MapPositionsApi();
app.MapVolunteersApi();
app.MapVolunteerFeedApi();
app.MapVolunteerOffersApi();
app.MapPushSubscriptionsApi();
app.MapLocationsApi();
app.MapTeamsApi();
app.MapOffersApi();
app.MapAlertsApi();
app.MapIncidentsApi();
app.MapRespondersApi();
app.MapCheckInsApi();
app.MapExercisesApi();
app.MapImportsApi();
app.MapRealtime();
app.MapOperations();

app.Run();

public partial class Program;
