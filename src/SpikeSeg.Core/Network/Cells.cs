namespace SpikeSeg.Core.Network;

/// <summary>One active input cell of a step: a (channel, row, column) position with its real value.</summary>
public readonly record struct InputCell(int Channel, int Y, int X, float Value);

/// <summary>One spike of a spiking layer, with the potential it had just before the reset (WTA tie-breaks).</summary>
public readonly record struct LayerSpike(int Channel, int Y, int X, float PreResetPotential);

/// <summary>
/// One pooling window that contains at least one spike (so its pooled output is 1), with the flat index
/// <c>h·W_in + w</c> of its first spike in row-major window order. Windows not listed are 0 and point at
/// their top-left input.
/// </summary>
public readonly record struct PooledSpike(int Channel, int Y, int X, int SourceIndex);
