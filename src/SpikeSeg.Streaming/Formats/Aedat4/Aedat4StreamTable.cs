using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats.Aedat4;

/// <summary>The output streams an AEDAT 4 infoNode XML declares: stream id → type identifier, and the event geometry.</summary>
public sealed class Aedat4StreamTable
{
    private readonly Dictionary<int, string> _types = [];

    public IReadOnlyDictionary<int, string> TypeById => _types;

    public SensorGeometry? EventGeometry { get; private set; }

    public string? EventSource { get; private set; }

    /// <summary>Parses the infoNode; malformed XML gives an empty table (packets then identify themselves).</summary>
    public static Aedat4StreamTable Parse(string? infoNode)
    {
        var table = new Aedat4StreamTable();
        if (string.IsNullOrWhiteSpace(infoNode))
        {
            return table;
        }

        try
        {
            var document = XDocument.Parse(infoNode);
            foreach (var node in document.Descendants("node"))
            {
                if (!int.TryParse((string?)node.Attribute("name"), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                {
                    continue;
                }

                string? type = AttrValue(node, "typeIdentifier");
                if (type is null)
                {
                    continue;
                }

                table._types[id] = type;
                var info = node.Elements("node").FirstOrDefault(n => (string?)n.Attribute("name") == "info");
                if (type == "EVTS" && info is not null && table.EventGeometry is null
                    && int.TryParse(AttrValue(info, "sizeX"), NumberStyles.None, CultureInfo.InvariantCulture, out int w)
                    && int.TryParse(AttrValue(info, "sizeY"), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
                    && w is > 0 and <= 1 << 16 && h is > 0 and <= 1 << 16)
                {
                    table.EventGeometry = new SensorGeometry(w, h);
                    table.EventSource = AttrValue(info, "source");
                }
            }
        }
        catch (XmlException)
        {
            table._types.Clear();
        }

        return table;
    }

    private static string? AttrValue(XElement node, string key) =>
        node.Elements("attr").FirstOrDefault(a => (string?)a.Attribute("key") == key)?.Value.Trim();
}
