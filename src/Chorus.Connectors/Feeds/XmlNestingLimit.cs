using System.Xml;

namespace Chorus.Connectors.Feeds;

/// <summary>
/// Finds where an XML document nests deeper than a limit, in one streaming pass. Building XElements takes time in the
/// square of their depth (8,000 levels: half a second), so a document nested deeper than any feed or OPML export is
/// refused before it is built.
/// </summary>
internal static class XmlNestingLimit
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Throws <see cref="FeedFormatException"/> at the first element deeper than <paramref name="maxDepth"/>.</summary>
    /// <remarks>Malformed XML ends the pass quietly: the reader that follows reports it with its own position.</remarks>
    public static void Enforce(string xml, int maxDepth, string refusal)
    {
        using var reader = XmlReader.Create(new StringReader(xml), Settings);
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth > maxDepth)
                {
                    var position = (IXmlLineInfo)reader;
                    throw new FeedFormatException(
                        $"{refusal}: line {position.LineNumber}, column {position.LinePosition}: elements nested more than {maxDepth} deep",
                        position.LineNumber, position.LinePosition);
                }
            }
        }
        catch (XmlException)
        {
        }
    }
}
