using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Mobilize.Drills.Geography;
using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Mobilize.ProvinceSeed;
using Mobilize.Silo.Storage;
using Npgsql;
using Orleans;
using Orleans.Runtime;

// Seeds a province straight into a schema of the PostgreSQL grain store, through the silo's own provider and JSON
// serializer: registering 10 M volunteers over HTTP would take hours on this machine.
// Usage: dotnet Mobilize.ProvinceSeed.dll --schema province [--volunteers 10000000] [--teams 100000] [--on-duty 200000]
//        [--seed 11] [--parallel 2] [--writers 2] [--batch 2048] [--out DIR] [--reset] [--connection "Host=...;..."]
// Each writer is one provider instance (one group-commit writer, one connection), as each silo has one.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var connection = Arg("--connection", "Host=127.0.0.1;Port=5432;Username=mobilize;Password=mobilize;Database=mobilize_test");
var schema = Arg("--schema", "province");
var volunteers = int.Parse(Arg("--volunteers", "10000000"), CultureInfo.InvariantCulture);
var teams = int.Parse(Arg("--teams", "100000"), CultureInfo.InvariantCulture);
var onDuty = int.Parse(Arg("--on-duty", (volunteers / 50).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var seed = int.Parse(Arg("--seed", "11"), CultureInfo.InvariantCulture);
var parallel = int.Parse(Arg("--parallel", "2"), CultureInfo.InvariantCulture);
var writers = int.Parse(Arg("--writers", "2"), CultureInfo.InvariantCulture);
var batch = int.Parse(Arg("--batch", "2048"), CultureInfo.InvariantCulture);
var output = Arg("--out", Path.Combine(Directory.GetCurrentDirectory(), "province-seed"));

if (args.Contains("--reset"))
{
    await using var reset = new NpgsqlConnection(connection);
    await reset.OpenAsync();
    // The name goes into SQL text: the provider's own rule for schema names, checked here before it does.
    if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z_][a-z0-9_]{0,62}$")) throw new ArgumentException($"'{schema}' is not a plain lower-case identifier");
    await new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", reset).ExecuteNonQueryAsync();
    Console.WriteLine($"dropped schema {schema}");
}

const int TeamsPerChunk = 250;
const int VolunteersPerChunk = 4000;
var now = DateTimeOffset.UtcNow;
var today = ServiceCalendar.DateOf(now);
var model = new ProvinceModel(DistrictMap.Load("beijing"), volunteers, teams, onDuty, seed, now);
Console.WriteLine($"province: {volunteers:N0} volunteers, {teams:N0} teams over {model.Map.Districts.Length} districts, " +
                  $"{model.TeamMembers:N0} team members, {onDuty:N0} on duty in {model.OnDutyMembers.Count(m => m > 0):N0} teams");

Directory.CreateDirectory(output);
await File.WriteAllLinesAsync(Path.Combine(output, "on-duty.txt"), model.OnDutyVolunteers().Select(ProvinceModel.VolunteerKey));

var stores = Enumerable.Range(0, writers)
    .Select(_ => new PostgresGrainStorage(new PostgresGrainStorageOptions { ConnectionString = connection, Schema = schema, MaxBatchSize = batch }, new JsonStateSerializer()))
    .ToArray();
foreach (var store in stores) await store.OpenAsync(CancellationToken.None);
var storage = stores[0];
long Transactions() => stores.Sum(s => s.CommittedBatches);

long written = 0;
var watch = Stopwatch.StartNew();

Task Write<T>(string grainType, string stateName, string key, T state) =>
    WriteTo(storage, grainType, stateName, key, state);

Task WriteTo<T>(PostgresGrainStorage store, string grainType, string stateName, string key, T state)
{
    return store.WriteStateAsync(stateName, GrainId.Create(grainType, key), new GrainState<T>(state), CancellationToken.None)
        .ContinueWith(t => { t.GetAwaiter().GetResult(); Interlocked.Increment(ref written); }, TaskScheduler.Default);
}

// Organisations first: the city and its districts, each district listing its teams as OrganisationGrain.AddTeam would.
var city = new OrganisationNode(OrganisationId.Create(ProvinceModel.CityId), "北京市", OrganisationLevel.City, null, "110000");
var districtNodes = model.Map.Districts.Select((d, i) => new OrganisationNode(model.DistrictOrganisation[i], d.Name, OrganisationLevel.District, city.Id, d.Code)).ToImmutableArray();
var organisations = new List<Task> { Write("organisation", "organisation", city.Id.Value, new OrganisationState(city, [], [.. districtNodes.Select(n => n.Id)], [])) };
for (var d = 0; d < districtNodes.Length; d++)
    organisations.Add(Write("organisation", "organisation", districtNodes[d].Id.Value,
        new OrganisationState(districtNodes[d], [city], [], [.. model.TeamsOf(d).Select(t => TeamId.Create(ProvinceModel.TeamKey(t)))])));
await Task.WhenAll(organisations);

VolunteerState Volunteer(int n, int district, TeamId? team, string? specialty, bool isOnDuty, Random random)
{
    var name = Contents.Name(random);
    var phone = Contents.Phone(n, random);
    var id = random.NextDouble() < 0.95 ? Contents.IdNumber(model.Map.Districts[district].Code, today, random) : null;
    var certifications = Contents.Certifications(specialty, today, random);
    var insurance = Contents.InsuranceOf(n, team is not null, today, random);
    var registration = new VolunteerRegistration(name, phone, id, Contents.SkillsOf(random), certifications, insurance);
    var registered = now.AddMinutes(-random.Next(6 * 365 * 24 * 60) - 60);
    var readiness = isOnDuty ? new VolunteerReadiness(DutyStatus.Available, null, null, null, null) : VolunteerReadiness.OffDuty;
    // Joining a team raises the version to the clock's ticks (VolunteerGrain.NextVersion): the card the team holds says the same.
    return new VolunteerState(registration, phone, id, registered, certifications, insurance, readiness, null,
        team is { } t ? [t] : [], registered.UtcTicks);
}

async Task TeamChunk(int first, int count)
{
    var store = stores[first / TeamsPerChunk % stores.Length];
    var random = new Random(seed * 7919 + first * 2);
    var writes = new List<Task>(count * 17);
    for (var t = first; t < first + count; t++)
    {
        var d = model.TeamDistrict[t];
        var district = model.Map.Districts[d];
        var teamId = TeamId.Create(ProvinceModel.TeamKey(t));
        var specialty = CapabilityCatalog.StandardCodes[t % CapabilityCatalog.StandardCodes.Length];
        var (lat, lon) = district.RandomPoint(random);
        var members = ImmutableDictionary.CreateBuilder<VolunteerId, MemberCard>();
        VolunteerId? leader = null;
        for (var i = 0; i < model.MemberCount[t]; i++)
        {
            var n = model.MemberStart[t] + i;
            var key = ProvinceModel.VolunteerKey(n);
            var volunteer = Volunteer(n, d, teamId, specialty, i < model.OnDutyMembers[t], random);
            var id = VolunteerId.Create(key);
            leader ??= id;
            members[id] = new MemberCard(id, volunteer.Version, volunteer.Readiness, volunteer.Certifications, volunteer.Insurance);
            writes.Add(WriteTo(store, "volunteer", "volunteer", key, volunteer));
        }
        var created = now.AddMinutes(-random.Next(3 * 365 * 24 * 60));
        var registration = new TeamRegistration($"{district.Name}{Contents.CapabilityNames[specialty]}{t + 1}队", model.DistrictOrganisation[d],
            leader!.Value, new GeoPoint(lat, lon), 2 + random.Next(3));
        var team = new TeamState(registration, created, members.ToImmutable(), Contents.Duty(model.OnDutyMembers[t] > 0), null, null, null, []);
        writes.Add(WriteTo(store, "team", TeamGrain.StateName, teamId.Value, team));
    }
    await Task.WhenAll(writes);
}

async Task LoneChunk(int first, int count)
{
    var store = stores[first / VolunteersPerChunk % stores.Length];
    var random = new Random(seed * 7919 + first * 2 + 1);
    var writes = new List<Task>(count);
    for (var n = first; n < first + count; n++)
        writes.Add(WriteTo(store, "volunteer", "volunteer", ProvinceModel.VolunteerKey(n), Volunteer(n, model.LoneDistrict[n - model.TeamMembers], null, null, false, random)));
    await Task.WhenAll(writes);
}

var jobs = new List<Func<Task>>();
for (var t = 0; t < teams; t += TeamsPerChunk)
{
    var first = t;
    jobs.Add(() => TeamChunk(first, Math.Min(TeamsPerChunk, teams - first)));
}
for (var n = model.TeamMembers; n < volunteers; n += VolunteersPerChunk)
{
    var first = n;
    jobs.Add(() => LoneChunk(first, Math.Min(VolunteersPerChunk, volunteers - first)));
}

var total = volunteers + teams + 1 + districtNodes.Length;
using var progress = new Timer(_ =>
{
    var done = Interlocked.Read(ref written);
    Console.WriteLine($"{watch.Elapsed.TotalSeconds,6:F0} s: {done:N0}/{total:N0} rows, {done / watch.Elapsed.TotalSeconds:N0}/s, " +
                      $"{Transactions():N0} transactions, load {File.ReadAllText("/proc/loadavg")[..14]}");
}, null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));

await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (job, _) => await job());
await progress.DisposeAsync();
var seconds = watch.Elapsed.TotalSeconds;
Console.WriteLine($"seeded {written:N0} rows in {seconds:F0} s ({written / seconds:N0} rows/s) in {Transactions():N0} transactions by {stores.Length} writers");
foreach (var store in stores) await store.CloseAsync(CancellationToken.None);

await using (var db = new NpgsqlConnection(connection))
{
    await db.OpenAsync();
    await new NpgsqlCommand($"ANALYZE {schema}.grain_state", db).ExecuteNonQueryAsync();
    await using var sizes = new NpgsqlCommand($"""
        SELECT grain_type, count(*), avg(octet_length(payload))::bigint FROM {schema}.grain_state GROUP BY grain_type ORDER BY grain_type;
        """, db);
    await using (var reader = await sizes.ExecuteReaderAsync())
        while (await reader.ReadAsync())
            Console.WriteLine($"  {reader.GetString(0)}: {reader.GetInt64(1):N0} rows, payload {reader.GetInt64(2):N0} B on average");
    var size = (long)(await new NpgsqlCommand($"SELECT pg_total_relation_size('{schema}.grain_state')", db).ExecuteScalarAsync())!;
    Console.WriteLine($"pg_total_relation_size({schema}.grain_state) = {size / 1e9:F2} GB");
}
Console.WriteLine($"on-duty volunteer ids: {Path.Combine(output, "on-duty.txt")}; sample: volunteer {ProvinceModel.VolunteerKey(0)} " +
                  $"(team {ProvinceModel.TeamKey(0)}), volunteer {ProvinceModel.VolunteerKey(model.TeamMembers)} (no team), team {ProvinceModel.TeamKey(teams - 1)}");
