using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Mobilize.Grains.Shared;

/// <summary>The one list of how long every string and how many every collection a client sends may be, and what an
/// incident type and a capability code may hold. The domain's validation checks these; the OpenAPI document publishes
/// the same constants (maxLength, maxItems, pattern), and docs/input.md lists them. Without a bound a client
/// could store a megabyte in a certificate's issuer or twenty thousand certificates on one volunteer.</summary>
public static partial class InputBounds
{
    /// <summary>Incident types name plans and travel in URLs (<c>/plans/{incidentType}</c>): letters of any script,
    /// digits, '-' and '_', so no space, quote, dot, slash or percent sign can reach a key or a path.</summary>
    public const string IncidentTypePattern = @"^[\p{L}\p{N}_-]{1,40}$";
    public const int IncidentTypeLength = 40;

    /// <summary>Capability codes (<c>water-rescue</c>) as certifications, skills and requirements name them.</summary>
    public const int CapabilityLength = 64;
    public const int IssuerLength = 100;
    public const int PolicyNumberLength = 64;
    public const int RequirementKeyLength = 64;
    public const int IncidentDescriptionLength = 1000;
    public const int UnmaskReasonLength = 500;

    public const int SkillsPerVolunteer = 32;
    public const int CertificationsPerVolunteer = 32;
    public const int RequirementsPerPlan = 16;

    /// <summary>How far ahead of the server's clock a phone's clock may run before its fix is refused as from the future.</summary>
    public static readonly TimeSpan ReportClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How old a fix may be when it arrives: a phone that buffered offline relays its day; older is no position.</summary>
    public static readonly TimeSpan ReportMaxDelay = TimeSpan.FromHours(24);

    /// <summary>How far ahead an on-call shift may be planned.</summary>
    public static readonly TimeSpan LongestOnCallShift = TimeSpan.FromDays(31);

    /// <summary>The dates a certificate or policy may carry: the People's Republic's certificates start after 1949, and no
    /// paper is issued for longer than this century.</summary>
    public static readonly DateOnly EarliestDate = new(1950, 1, 1);
    public static readonly DateOnly LatestDate = new(2099, 12, 31);

    public static bool IsIncidentType(string? value) => value is not null && IncidentType().IsMatch(value);

    /// <summary>A free-text field's problem, or null: required ones must not be blank, none may exceed its length or hold control characters.</summary>
    public static string? TextProblem(string? value, int maxLength, bool required = true)
    {
        if (value is null) return required ? "is required" : null;
        if (required && string.IsNullOrWhiteSpace(value)) return "must not be empty";
        if (value.Length > maxLength) return $"must be at most {maxLength} characters";
        return value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? "must not contain control characters" : null;
    }

    public static void Text(ImmutableArray<FieldError>.Builder errors, string field, string? value, int maxLength, bool required = true)
    {
        if (TextProblem(value, maxLength, required) is { } problem) errors.Add(new(field, problem));
    }

    public static void Date(ImmutableArray<FieldError>.Builder errors, string field, DateOnly value)
    {
        if (value < EarliestDate || value > LatestDate) errors.Add(new(field, $"must be between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}"));
    }

    [GeneratedRegex(IncidentTypePattern)]
    private static partial Regex IncidentType();
}
