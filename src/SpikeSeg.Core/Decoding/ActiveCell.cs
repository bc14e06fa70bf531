namespace SpikeSeg.Core.Decoding;

/// <summary>One nonzero cell of a CHW map: a spike (value 1) or a real-valued activation.</summary>
public readonly record struct ActiveCell(int Channel, int Y, int X, float Value);
