using SpikeSeg.Core;

namespace SpikeSeg.Host.Cli;

/// <summary>Validates an AMQP broker address given on the command line.</summary>
public static class BrokerUri
{
    public static Uri Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw new InvalidInputException($"--broker = {text}: must be an amqp:// or amqps:// URI");
        }

        return uri;
    }
}
