namespace Mobilize.Grains.Shared;

/// <summary>Which calendar day an instant falls on, for certificates and insurance dated in Beijing time.</summary>
public static class ServiceCalendar
{
    // China keeps one time zone and no daylight saving, so a fixed offset is exact and needs no tz database.
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ChinaStandardTime).DateTime);
}
