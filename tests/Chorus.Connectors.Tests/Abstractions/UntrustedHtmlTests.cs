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
}
