namespace SpikeSeg.Core.Events;

/// <summary>Brightness-change direction of one event. Byte values match the polarity bit of every camera format.</summary>
public enum Polarity : byte
{
    Off = 0,
    On = 1,
}
