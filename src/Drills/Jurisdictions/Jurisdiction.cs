using System.Collections.Immutable;
using System.Text.Json;

namespace Mobilize.Drills.Jurisdictions;

/// <summary>A synthetic jurisdiction: a city organisation, its districts, teams based inside them and their members.
/// Written to and read from a JSON file so a drill can be rerun on exactly the same people.</summary>
public sealed record Jurisdiction(
    string City,
    string Prefix,
    int Seed,
    JurisdictionOrganisation CityOrganisation,
    ImmutableArray<JurisdictionOrganisation> Districts,
    ImmutableArray<SimulatedTeam> Teams)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public int VolunteerCount => Teams.Sum(t => t.Members.Length);

    public IEnumerable<SimulatedVolunteer> Volunteers => Teams.SelectMany(t => t.Members);

    public async Task SaveAsync(string path, CancellationToken cancellation = default)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json, cancellation);
    }

    public static async Task<Jurisdiction> LoadAsync(string path, CancellationToken cancellation = default)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<Jurisdiction>(file, Json, cancellation)
               ?? throw new InvalidDataException($"{path} holds no jurisdiction.");
    }
}

/// <param name="Code">The GB/T 2260 code of a district; null for the city.</param>
public sealed record JurisdictionOrganisation(string Id, string Name, string? Code);

/// <param name="Capability">What every member is certified for, so the team offers it.</param>
public sealed record SimulatedTeam(
    string Id,
    string Name,
    string DistrictId,
    string Capability,
    double Latitude,
    double Longitude,
    ImmutableArray<SimulatedVolunteer> Members);

/// <param name="Latitude">Where the volunteer lives, inside the team's district: the start of the journey to an incident.</param>
public sealed record SimulatedVolunteer(string Id, string RealName, string Phone, double Latitude, double Longitude);
