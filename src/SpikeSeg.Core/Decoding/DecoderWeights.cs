namespace SpikeSeg.Core.Decoding;

/// <summary>Gives the decoder and HULK the encoder's weights as they are now (true weight tying, §16.8).</summary>
public interface IDecoderWeightSource
{
    DecoderWeights CurrentWeights { get; }
}

/// <summary>The three encoder convolutions, OIHW, checked to chain: input → conv1 → conv2 → conv3 (classes).</summary>
public sealed class DecoderWeights : IDecoderWeightSource
{
    public DecoderWeights(ConvWeightBank conv1, ConvWeightBank conv2, ConvWeightBank conv3)
    {
        ArgumentNullException.ThrowIfNull(conv1);
        ArgumentNullException.ThrowIfNull(conv2);
        ArgumentNullException.ThrowIfNull(conv3);
        if (conv2.InChannels != conv1.OutChannels || conv3.InChannels != conv2.OutChannels)
        {
            throw new InvalidInputException(
                $"decoder weights: channels do not chain ({conv1.InChannels}→{conv1.OutChannels}, {conv2.InChannels}→{conv2.OutChannels}, {conv3.InChannels}→{conv3.OutChannels}).");
        }

        Conv1 = conv1;
        Conv2 = conv2;
        Conv3 = conv3;
    }

    public ConvWeightBank Conv1 { get; }

    public ConvWeightBank Conv2 { get; }

    public ConvWeightBank Conv3 { get; }

    public int InputChannels => Conv1.InChannels;

    public int Conv1Channels => Conv1.OutChannels;

    public int Conv2Channels => Conv2.OutChannels;

    public int Classes => Conv3.OutChannels;

    DecoderWeights IDecoderWeightSource.CurrentWeights => this;

    public DecoderWeights Clone() => new(Conv1.Clone(), Conv2.Clone(), Conv3.Clone());
}
