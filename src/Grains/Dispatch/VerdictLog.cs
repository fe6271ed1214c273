using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>The incident's verdicts as one search changes them: the latest verdict per requirement and team replaces
/// the earlier one in place, new teams go at the end.</summary>
/// <remarks>A search with a wide radius gates hundreds of teams; looking each one up in the immutable list cost time
/// in proportion to the list, for every team (quadratic per callout). The index makes each lookup constant.</remarks>
internal sealed class VerdictLog
{
    private readonly ImmutableList<CandidateVerdict>.Builder _verdicts;
    private readonly Dictionary<(string RequirementKey, TeamId Team), int> _positions = [];

    public VerdictLog(ImmutableList<CandidateVerdict> verdicts)
    {
        _verdicts = verdicts.ToBuilder();
        var position = 0;
        foreach (var verdict in _verdicts) _positions[(verdict.RequirementKey, verdict.Team)] = position++;
    }

    public void Record(CandidateVerdict verdict)
    {
        if (_positions.TryGetValue((verdict.RequirementKey, verdict.Team), out var position))
        {
            _verdicts[position] = verdict;
            return;
        }
        _positions[(verdict.RequirementKey, verdict.Team)] = _verdicts.Count;
        _verdicts.Add(verdict);
    }

    public ImmutableList<CandidateVerdict> ToImmutable() => _verdicts.ToImmutable();
}
