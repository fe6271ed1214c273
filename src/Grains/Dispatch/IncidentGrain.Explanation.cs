using System.Collections.Immutable;

namespace Mobilize.Grains.Dispatch;

// The verdicts behind the explain read live beside the incident's state and are written with it only after a search
// changed them: a callout writes them once with its first offers, and an answer, a check-in or a stand-down does not.
internal sealed partial class IncidentGrain
{
    private ImmutableList<CandidateVerdict> _verdicts = [];
    private bool _explanationStale;

    private void LoadVerdicts()
    {
        if (explanation.Stored() is { } stored)
        {
            _verdicts = stored.ToList();
        }
        else if (state.Stored() is { Verdicts: { } kept } s)
        {
            // Kept inside the incident by an earlier version: moved out with the next write.
            _verdicts = kept;
            _explanationStale = true;
            state.State = s with { Verdicts = null };
        }
    }

    private void NoteVerdicts(ImmutableList<CandidateVerdict> verdicts)
    {
        if (ReferenceEquals(verdicts, _verdicts)) return;
        _verdicts = verdicts;
        _explanationStale = true;
    }

    private async Task WriteAsync()
    {
        if (!_explanationStale)
        {
            await state.WriteStateAsync();
            return;
        }
        explanation.State = StoredVerdicts.From(_verdicts);
        await Task.WhenAll(state.WriteStateAsync(), explanation.WriteStateAsync());
        _explanationStale = false;
    }
}
