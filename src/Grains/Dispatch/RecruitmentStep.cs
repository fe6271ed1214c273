using System.Collections.Immutable;

namespace Mobilize.Grains.Dispatch;

/// <summary>The outcome of one recruitment decision: the next state, what to do about it, and for an answer that was
/// refused, why (in which case <see cref="State"/> is the unchanged state and there are no effects).</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.recruitment-step")]
public sealed record RecruitmentStep(RecruitmentState State, ImmutableArray<RecruitmentEffect> Effects, AnswerRejection? Rejection = null)
{
    public bool IsRejected => Rejection is not null;

    public void Deconstruct(out RecruitmentState state, out ImmutableArray<RecruitmentEffect> effects)
    {
        state = State;
        effects = Effects;
    }
}
