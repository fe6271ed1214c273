namespace Mobilize.Grains.Dispatch;

/// <summary>A team's answer to an offer.</summary>
[GenerateSerializer, Alias("mobilize.dispatch.offer-answer")]
public enum OfferAnswer
{
    Accept = 0,
    Decline = 1,
}

/// <summary>Why an answer was refused; a refused answer changes nothing.</summary>
[GenerateSerializer, Alias("mobilize.dispatch.answer-rejection")]
public enum AnswerRejection
{
    /// <summary>No such offer in this incident.</summary>
    UnknownOffer = 1,
    /// <summary>The offer was made to another team.</summary>
    NotYourOffer,
    /// <summary>The offer was accepted or declined before.</summary>
    AlreadyAnswered,
    /// <summary>The offer's deadline passed before the answer arrived.</summary>
    OfferExpired,
    /// <summary>Enough other teams accepted first: the offer was withdrawn as not needed.</summary>
    RequirementFull,
    /// <summary>The offer was withdrawn for another reason (the incident stood down).</summary>
    OfferWithdrawn,
}
