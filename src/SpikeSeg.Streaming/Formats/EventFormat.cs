namespace SpikeSeg.Streaming.Formats;

/// <summary>Event file formats the readers understand (event-formats.md).</summary>
public enum EventFormat
{
    Unknown = 0,
    Evt2,
    Evt3,
    PropheseeDat,
    Aedat2,
    Aedat31,
    Aedat4,
    NmnistBin,
    Npy,
    Mat,
    Text,
}
