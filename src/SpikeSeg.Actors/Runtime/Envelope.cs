namespace SpikeSeg.Actors.Runtime;

/// <summary>A message and who sent it, as it sits in a mailbox.</summary>
internal readonly record struct Envelope(object Message, IActorRef Sender);
