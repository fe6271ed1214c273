using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Imports;

public static class ImportsApi
{
    public static readonly ImmutableArray<string> VolunteerColumns =
        ["id", "realName", "phone", "idNumber", "skills", "certifications", "insurancePolicyNumber", "insuranceValidFrom", "insuranceValidTo"];
    public static readonly ImmutableArray<string> TeamColumns =
        ["id", "name", "organisationId", "leaderId", "latitude", "longitude", "minimumMembersToMuster", "members"];

    // POST /api/imports/volunteers?dryRun=true   text/csv: every row checked; a dry run imports nothing, the real one all or none
    // POST /api/imports/teams?dryRun=true        the same for teams (their leaders and members registered already)
    // GET  /api/imports/{kind}/template.csv      the columns, with one example row
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization();
        // Each row is then held to what the commander may do one at a time (jurisdiction, records held).
        api.MapPost("/volunteers", ImportVolunteers).Accepts<string>("text/csv").Produces<ImportReport>().ProducesProblem(422).ProducesProblem(413).Allow(AnyCommander);
        api.MapPost("/teams", ImportTeams).Accepts<string>("text/csv").Produces<ImportReport>().ProducesProblem(422).ProducesProblem(413).Allow(AnyCommander);
        api.MapGet("/{kind}/template.csv", Template).Produces<string>(contentType: "text/csv").Allow(AnyCommander);
        return app;
    }

    public static async Task<IResult> ImportVolunteers(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, bool? dryRun = null)
    {
        var (text, refused) = await ReadCsvAsync(request);
        if (refused is not null) return refused;
        var table = CsvTable.Read(text!, VolunteerColumns, ["id", "realName", "phone"]);
        var today = ServiceCalendar.DateOf(time.GetUtcNow());
        var problems = table.Problems.ToBuilder();
        var rows = new List<(VolunteerId Id, VolunteerRegistration Registration)>();
        foreach (var row in table.Rows)
        {
            var before = problems.Count;
            var id = Id<VolunteerId>(row, "id", problems, VolunteerId.TryParse);
            var registration = new VolunteerRegistration(
                row["realName"] ?? "", row["phone"] ?? "", row["idNumber"],
                [.. (row["skills"] ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                Certifications(row, problems), Insurance(row, problems));
            problems.AddRange(registration.Validate(today).Select(e => new ImportProblem(row.Line, RosterImport.ColumnOf(e.Field), e.Message)));
            if (id is { } known && problems.Count == before)
            {
                if ((await grains.Volunteer(known).GetStatus()).Value is not null) problems.Add(new(row.Line, "id", "is already registered"));
                MobilePhone.TryNormalize(registration.Phone, out var phone);
                if (await grains.GetGrain<IRegistrationClaimGrain>(RegistrationClaimKeys.Phone(phone!)).Owner() is { } owner && owner != known)
                    problems.Add(new(row.Line, "phone", "This phone number is registered to another volunteer."));
                if (registration.IdNumber is { } idText && ChineseIdNumber.TryParse(idText, today, out var idNumber)
                    && await grains.GetGrain<IRegistrationClaimGrain>(RegistrationClaimKeys.IdNumber(idNumber)).Owner() is { } holder && holder != known)
                    problems.Add(new(row.Line, "idNumber", "This ID number is registered to another volunteer."));
                rows.Add((known, registration));
            }
        }
        problems.AddRange(RosterImport.Repeats(table.Rows.Select(r => (r.Line, r["id"])), "id"));
        problems.AddRange(RosterImport.Repeats(table.Rows.Select(r => (r.Line, MobilePhone.TryNormalize(r["phone"], out var p) ? p : null)), "phone"));
        problems.AddRange(RosterImport.Repeats(table.Rows.Select(r => (r.Line, r["idNumber"]?.ToUpperInvariant())), "idNumber"));

        var caller = Caller.From(user)!;
        var registeredBy = caller.Role == Roles.Commander ? caller.Organisation : null;
        return await AnswerAsync("volunteers", table.Rows.Length, problems, dryRun == true, async () =>
        {
            foreach (var (id, registration) in rows)
                if ((await grains.Volunteer(id).Register(registration, registeredBy)).Refusal is { } refusal) return refusal;
            return null;
        });
    }

    public static async Task<IResult> ImportTeams(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, AccessScopes scopes, bool? dryRun = null)
    {
        var (text, refused) = await ReadCsvAsync(request);
        if (refused is not null) return refused;
        var table = CsvTable.Read(text!, TeamColumns, ["id", "name", "organisationId", "leaderId", "latitude", "longitude", "minimumMembersToMuster"]);
        var caller = Caller.From(user)!;
        var problems = table.Problems.ToBuilder();
        var rows = new List<(TeamId Id, TeamRegistration Registration, ImmutableArray<VolunteerId> Members)>();
        foreach (var row in table.Rows)
        {
            var before = problems.Count;
            var id = Id<TeamId>(row, "id", problems, TeamId.TryParse);
            var organisation = Id<OrganisationId>(row, "organisationId", problems, OrganisationId.TryParse);
            var leader = Id<VolunteerId>(row, "leaderId", problems, VolunteerId.TryParse);
            var latitude = Number(row, "latitude", problems);
            var longitude = Number(row, "longitude", problems);
            var minimum = Whole(row, "minimumMembersToMuster", problems);
            var members = ImmutableArray.CreateBuilder<VolunteerId>();
            foreach (var member in (row["members"] ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (VolunteerId.TryParse(member, out var m)) members.Add(m);
                else problems.Add(new(row.Line, "members", $"'{member}' is not a valid id"));
            }
            if (problems.Count != before || id is not { } team || organisation is not { } org || leader is not { } head) continue;
            var registration = new TeamRegistration(row["name"] ?? "", org, head, new GeoPoint(latitude ?? 0, longitude ?? 0), minimum ?? 0);
            problems.AddRange(registration.Validate().Select(e => new ImportProblem(row.Line, RosterImport.ColumnOf(e.Field), e.Message)));
            if (problems.Count != before) continue;

            if ((await grains.Team(team).Get()).Value is not null) problems.Add(new(row.Line, "id", "is already registered"));
            var ladder = (await grains.Organisation(org).GetLadder()).Value;
            if (ladder is null) problems.Add(new(row.Line, "organisationId", "organisation not found"));
            else if (!caller.IsAdministrator && !(caller.Organisation is { } own && await scopes.IsWithin(new Resource.Organisation(org), own)))
                problems.Add(new(row.Line, "organisationId", "is outside your jurisdiction"));
            else problems.AddRange(RosterImport.BaseOutsideArea(ladder, registration.BaseLocation)
                .Select(e => new ImportProblem(row.Line, RosterImport.ColumnOf(e.Field), e.Message)));
            if ((await grains.Volunteer(head).GetStatus()).Value is null) problems.Add(new(row.Line, "leaderId", "volunteer not registered"));
            else if (!await Holds(caller, head, scopes)) problems.Add(new(row.Line, "leaderId", "you do not hold this volunteer's record"));
            foreach (var member in members)
                if ((await grains.Volunteer(member).GetStatus()).Value is null) problems.Add(new(row.Line, "members", $"volunteer {member} not registered"));
            rows.Add((team, registration, members.ToImmutable()));
        }
        problems.AddRange(RosterImport.Repeats(table.Rows.Select(r => (r.Line, r["id"])), "id"));

        return await AnswerAsync("teams", table.Rows.Length, problems, dryRun == true, async () =>
        {
            foreach (var (id, registration, members) in rows)
            {
                if ((await grains.Team(id).Create(registration)).Refusal is { } refusal) return refusal;
                // Through the consent flow: a member whose record the commander holds joins, anyone else is invited.
                foreach (var member in members.Where(m => m != registration.Leader))
                    if ((await grains.Team(id).AddMember(member, await Holds(caller, member, scopes))).Refusal is { } memberRefusal) return memberRefusal;
            }
            return null;
        });
    }

    public static IResult Template(string kind) => kind switch
    {
        "volunteers" => Csv(string.Join(',', VolunteerColumns) + "\n"
            + "v-dc-001,李明,13900000001,11010519491231002X,swimming;first-aid,water-rescue|2025-07-01|2027-06-30|北京市红十字会,PICC-2026-001,2026-01-01,2026-12-31\n", "volunteers"),
        "teams" => Csv(string.Join(',', TeamColumns) + "\n" + "t-dc-01,东城水上救援队,bj-dongcheng,v-dc-001,39.928,116.416,3,v-dc-002;v-dc-003\n", "teams"),
        _ => TypedResults.Problem(statusCode: 404, type: Refusals.TypeOf("import.not-found"), title: "Imports are of volunteers or teams."),
    };

    private static IResult Csv(string text, string kind) =>
        // A byte-order mark so a spreadsheet opening the download reads the Chinese as UTF-8.
        TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(), "text/csv; charset=utf-8", $"{kind}-template.csv");

    /// <summary>A dry run answers the report whatever it holds; the real import writes only a clean file, and then every row.</summary>
    private static async Task<IResult> AnswerAsync(string kind, int rowCount, ImmutableArray<ImportProblem>.Builder problems, bool dryRun, Func<Task<Refusal?>> import)
    {
        var ordered = problems.Distinct().OrderBy(p => p.Line).ThenBy(p => p.Column, StringComparer.Ordinal).ToImmutableArray();
        if (dryRun) return TypedResults.Ok(new ImportReport(kind, true, rowCount, ordered.IsEmpty, 0, ordered));
        if (!ordered.IsEmpty)
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Type = Refusals.TypeOf("import.not-clean"),
                Title = "The file has rows that cannot be imported; nothing was imported.",
                Extensions = { ["problems"] = ordered, ["rows"] = rowCount },
            });
        // Checked just before: a refusal here is a row someone else changed in the meantime (registered the same id).
        if (await import() is { } refusal) return refusal.ToProblem();
        return TypedResults.Ok(new ImportReport(kind, false, rowCount, true, rowCount, []));
    }

    private static async Task<(string? Text, IResult? Refused)> ReadCsvAsync(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !(media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || media.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)))
            return (null, TypedResults.Problem(statusCode: 415, type: ProblemTypes.UnsupportedMediaType, title: "Send the file as text/csv in UTF-8."));
        if (request.ContentLength > RosterImport.MaxBytes) return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > RosterImport.MaxBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return (text.TrimStart('\uFEFF'), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Problems.Validation([new FieldError("file", "must be UTF-8 text")]));
        }
    }

    private static IResult TooLarge() => TypedResults.Problem(statusCode: 413, type: ProblemTypes.TooLarge,
        title: $"The file is larger than {RosterImport.MaxBytes / 1024} KiB; split it.");

    private delegate bool Parse<TId>(string? text, out TId id);

    private static TId? Id<TId>(CsvRow row, string column, ImmutableArray<ImportProblem>.Builder problems, Parse<TId> parse) where TId : struct
    {
        if (row[column] is not { } text) problems.Add(new(row.Line, column, "is required"));
        else if (parse(text, out var id)) return id;
        else problems.Add(new(row.Line, column, "is not a valid id"));
        return null;
    }

    private static double? Number(CsvRow row, string column, ImmutableArray<ImportProblem>.Builder problems)
    {
        if (row[column] is not { } text) problems.Add(new(row.Line, column, "is required"));
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        else problems.Add(new(row.Line, column, "must be a number"));
        return null;
    }

    private static int? Whole(CsvRow row, string column, ImmutableArray<ImportProblem>.Builder problems)
    {
        if (row[column] is not { } text) problems.Add(new(row.Line, column, "is required"));
        else if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        else problems.Add(new(row.Line, column, "must be a whole number"));
        return null;
    }

    private static DateOnly? Date(CsvRow row, string column, string? text, ImmutableArray<ImportProblem>.Builder problems)
    {
        if (text is null) problems.Add(new(row.Line, column, "is required"));
        else if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        else problems.Add(new(row.Line, column, "must be a date written yyyy-mm-dd"));
        return null;
    }

    /// <summary><c>capability|issued|expires|issuer</c>, several separated by <c>;</c>.</summary>
    private static ImmutableArray<Certification> Certifications(CsvRow row, ImmutableArray<ImportProblem>.Builder problems)
    {
        var result = ImmutableArray.CreateBuilder<Certification>();
        foreach (var entry in (row["certifications"] ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('|', StringSplitOptions.TrimEntries);
            if (parts.Length is < 3 or > 4)
            {
                problems.Add(new(row.Line, "certifications", "each must be capability|issued|expires|issuer"));
                continue;
            }
            var issued = Date(row, "certifications", parts[1], problems);
            var expires = Date(row, "certifications", parts[2], problems);
            if (issued is { } from && expires is { } to) result.Add(new Certification(parts[0], from, to, parts.Length == 4 && parts[3].Length > 0 ? parts[3] : null));
        }
        return result.ToImmutable();
    }

    private static Insurance? Insurance(CsvRow row, ImmutableArray<ImportProblem>.Builder problems)
    {
        if (row["insurancePolicyNumber"] is null && row["insuranceValidFrom"] is null && row["insuranceValidTo"] is null) return null;
        var from = Date(row, "insuranceValidFrom", row["insuranceValidFrom"], problems);
        var to = Date(row, "insuranceValidTo", row["insuranceValidTo"], problems);
        return from is { } start && to is { } end ? new Insurance(row["insurancePolicyNumber"] ?? "", start, end) : null;
    }

    private static async Task<bool> Holds(Caller caller, VolunteerId volunteer, AccessScopes scopes) =>
        caller.IsAdministrator || (caller is { Role: Roles.Commander, Organisation: { } jurisdiction } && await scopes.IsWithin(new Resource.Volunteer(volunteer), jurisdiction));
}

/// <param name="Clean">Every row can be imported as it stands.</param>
/// <param name="Imported">Rows written: 0 on a dry run, all of them on a real import.</param>
/// <param name="Problems">Every problem of every row, by line (the header is line 1) and column.</param>
public sealed record ImportReport(string Kind, bool DryRun, int Rows, bool Clean, int Imported, ImmutableArray<ImportProblem> Problems);
