namespace Mobilize.Api.Realtime;

/// <summary>What the server calls on a command dashboard: batches of live events of the streams it joined.</summary>
public interface ICommandClient
{
    Task Live(IReadOnlyList<LivePush> events);
}

/// <summary>What the server calls on a volunteer's phone: batches of events of that volunteer's own stream.</summary>
public interface IVolunteerClient
{
    Task Live(IReadOnlyList<LivePush> events);
}
