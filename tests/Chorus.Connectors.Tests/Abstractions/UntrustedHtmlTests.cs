using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Tests.Abstractions;

public sealed class UntrustedHtmlTests
{
    [Fact]
    public void ToPlainText_ParagraphsAndBreaks_BlankLineAndLineBreak() =>
        UntrustedHtml.ToPlainText("<p>Ligne 1<br>Ligne 2</p><p>Paragraphe 2</p>").ShouldBe("Ligne 1\nLigne 2\n\nParagraphe 2");

    [Fact]
    public void ToPlainText_ScriptStyleAndEventHandlers_DroppedNotRun() =>
        UntrustedHtml.ToPlainText("<p>Salut<script>alert('x')</script><style>p{}</style><img src=x onerror=\"alert(1)\"> toi</p>")
            .ShouldBe("Salut toi");

    [Fact]
    public void ToPlainText_Entities_Decoded() =>
        UntrustedHtml.ToPlainText("<p>Caf&eacute; &amp; th&#233; &lt;b&gt;</p>").ShouldBe("Café & thé <b>");

    [Fact]
    public void ToPlainText_MastodonShortenedLink_KeepsTheWholeAddress() =>
        UntrustedHtml.ToPlainText(
                "<p>Voir <a href=\"https://www.example.org/un/tres/long/chemin\"><span class=\"invisible\">https://www.</span><span class=\"ellipsis\">example.org/un/tres/lo</span><span class=\"invisible\">ng/chemin</span></a></p>")
            .ShouldBe("Voir https://www.example.org/un/tres/long/chemin");

    [Fact]
    public void ToPlainText_UnclosedTagsAndNesting_StillText() =>
        UntrustedHtml.ToPlainText("<div><b>gras <i>et italique</div> fin").ShouldBe("gras et italique\n\nfin");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ToPlainText_Empty_ReturnsEmpty(string? html) => UntrustedHtml.ToPlainText(html).ShouldBe("");

    [Theory]
    [InlineData("<div>", "</div>")]
    [InlineData("<div>", "")]
    [InlineData("<b><i>", "")]
    [InlineData("<blockquote a='>'>", "</blockquote>")]
    public void ToPlainText_NestedThousandsDeep_TextInLinearTime(string open, string close)
    {
        // Found by UntrustedHtmlPropertyTests: the HTML5 tree builder walks its stack of open elements at every start
        // tag, so 6,000 nested <div> took seconds; the nesting is now capped before parsing.
        var html = string.Concat(Enumerable.Repeat(open, 6000)) + "fond" + string.Concat(Enumerable.Repeat(close, 6000)) + " fin";
        var text = "";

        var spent = Chorus.Testing.ThreadCpuTime.Of(() => text = UntrustedHtml.ToPlainText(html));

        spent.ShouldBeLessThan(TimeSpan.FromMilliseconds(500));
        text.ShouldStartWith("fond");
        text.ShouldEndWith("fin");
    }

    [Fact]
    public void NestingLimit_HtmlUnderTheLimit_IsLeftAsItCame()
    {
        var html = string.Concat(Enumerable.Repeat("<div><p>a<br>", HtmlNestingLimit.MaxDepth - 1)) + "<script>if (a < b) { x('<div>'); }</script><!-- <div> -->";

        ReferenceEquals(HtmlNestingLimit.Apply(html), html).ShouldBeTrue();
    }

    [Fact]
    public void NestingLimit_OverTheLimit_RemovesTheDeepestTagsAndAsManyEndTags()
    {
        var depth = HtmlNestingLimit.MaxDepth + 3;
        var html = string.Concat(Enumerable.Repeat("<div class=\"x>y\">", depth)) + "fond" + string.Concat(Enumerable.Repeat("</div>", depth)) + "<p>fin</p>";

        var capped = HtmlNestingLimit.Apply(html);

        capped.ShouldBe(string.Concat(Enumerable.Repeat("<div class=\"x>y\">", HtmlNestingLimit.MaxDepth)) + "fond"
            + string.Concat(Enumerable.Repeat("</div>", HtmlNestingLimit.MaxDepth)) + "<p>fin</p>");
        UntrustedHtml.ToPlainText(capped).ShouldBe("fond\n\nfin");
    }
}
