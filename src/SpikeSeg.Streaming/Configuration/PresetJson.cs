using System.Text.Json;
using System.Text.Json.Serialization;
using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Streaming.Configuration;

/// <summary>
/// The JSON form of a <see cref="NetworkSpec"/>: camelCase members, enums by name, <c>//</c> comments allowed,
/// unknown members rejected (a misspelt setting must not silently fall back to its default).
/// The same form is embedded in model checkpoints.
/// </summary>
public static class PresetJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Parses and validates; any problem becomes one <see cref="InvalidInputException"/> line prefixed by <paramref name="source"/>.</summary>
    public static NetworkSpec Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        // Editors on Windows often save a UTF-8 byte-order mark, which the UTF-8 reader does not skip itself.
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        NetworkSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<NetworkSpec>(utf8Json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{source}: {Describe(ex)}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidInputException($"{source}: {OneLine(ex.Message)}", ex);
        }

        if (spec is null)
        {
            throw new InvalidInputException($"{source}: the document is null, expected a preset object");
        }

        SpecValidator.Validate(spec, source);
        return spec;
    }

    public static byte[] Serialize(NetworkSpec spec) => JsonSerializer.SerializeToUtf8Bytes(spec, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    /// <summary>"line 15, $.conv1.leakMode: The JSON value could not be converted to LayerSpec." — location first, no CLR namespaces.</summary>
    private static string Describe(JsonException ex)
    {
        string message = OneLine(ex.Message).Replace("SpikeSeg.Core.Configuration.", string.Empty, StringComparison.Ordinal);
        int details = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (details >= 0)
        {
            message = message[..details];
        }

        string line = ex.LineNumber is long l ? $"line {l + 1}, " : string.Empty;
        string path = string.IsNullOrEmpty(ex.Path) ? string.Empty : $"{ex.Path}: ";
        return line.Length + path.Length == 0 ? message : $"{line}{path}{message}";
    }
}
