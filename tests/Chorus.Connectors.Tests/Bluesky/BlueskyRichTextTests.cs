using System.Text;
using Chorus.Connectors.Bluesky;

namespace Chorus.Connectors.Tests.Bluesky;

public sealed class BlueskyRichTextTests
{
    private static string Slice(string text, RichTextSpan span) =>
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text).AsSpan(span.ByteStart, span.ByteEnd - span.ByteStart));

    [Fact]
    public void Detect_AccentsAndEmojiBeforeLink_UsesUtf8ByteOffsets()
    {
        const string text = "Été 🎉 café → https://example.org/été?x=1 fin";

        var link = BlueskyRichText.Detect(text).ShouldHaveSingleItem();

        link.Kind.ShouldBe(RichTextKind.Link);
        // "Été 🎉 café → " is 14 UTF-16 chars but 21 UTF-8 bytes (É, é, é: 2 bytes; 🎉: 4; →: 3).
        link.ByteStart.ShouldBe(21);
        Slice(text, link).ShouldBe("https://example.org/été?x=1");
        link.Value.ShouldBe("https://example.org/été?x=1");
    }

    [Fact]
    public void Detect_MentionAndTagAfterEmoji_SliceBackToTheirText()
    {
        const string text = "👩‍💻 Merci @bob.test pour le #café !";

        var spans = BlueskyRichText.Detect(text);

        spans.Count.ShouldBe(2);
        spans[0].Kind.ShouldBe(RichTextKind.Mention);
        spans[0].Value.ShouldBe("bob.test");
        Slice(text, spans[0]).ShouldBe("@bob.test");
        spans[1].Kind.ShouldBe(RichTextKind.Tag);
        spans[1].Value.ShouldBe("café");
        Slice(text, spans[1]).ShouldBe("#café");
    }

    [Fact]
    public void Detect_TrailingPunctuation_IsNotPartOfTheLink()
    {
        const string text = "Lisez https://example.org/a. Et (https://example.org/b), voilà";

        var spans = BlueskyRichText.Detect(text);

        spans.Select(s => s.Value).ShouldBe(["https://example.org/a", "https://example.org/b"]);
    }

    [Fact]
    public void Detect_FragmentInsideLink_IsNotATag() =>
        BlueskyRichText.Detect("see https://example.org/page#section").ShouldHaveSingleItem().Kind.ShouldBe(RichTextKind.Link);

    [Theory]
    [InlineData("email me at bob@example.org")]
    [InlineData("#123 is a number")]
    [InlineData("@nodot is not a handle")]
    [InlineData("price: 5 € #")]
    public void Detect_LooksAlikeButIsNot_FindsNothing(string text) =>
        BlueskyRichText.Detect(text).ShouldBeEmpty();

    [Fact]
    public void GraphemeCount_EmojiSequence_CountsOne() =>
        BlueskyRichText.GraphemeCount("👩‍💻é").ShouldBe(2);
}
