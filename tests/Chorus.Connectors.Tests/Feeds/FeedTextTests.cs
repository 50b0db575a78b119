using Chorus.Connectors.Feeds;

namespace Chorus.Connectors.Tests.Feeds;

public class FeedTextTests
{
    [Theory]
    [InlineData("<p>Un <b>texte</b>&nbsp;simple</p>", "Un texte simple")]
    [InlineData("<p>un</p><p>deux</p>", "un\n\ndeux")]
    [InlineData("ligne<br>suivante", "ligne\nsuivante")]
    [InlineData("<script>alert(1)</script>visible<style>p{}</style>", "visible")]
    [InlineData("<img src=x onerror=alert(1)>après", "après")]
    [InlineData("<iframe src=\"javascript:alert(1)\">caché</iframe>ok", "ok")]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>")]
    [InlineData("Tom &amp; Jerry &eacute;t&eacute;", "Tom & Jerry été")]
    [InlineData("<p>non fermé <em>du tout", "non fermé du tout")]
    [InlineData("   espaces \t multiples   ", "espaces multiples")]
    public void From_UntrustedHtml_KeepsOnlyVisibleText(string html, string expected)
    {
        FeedText.From(html).ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<script>x</script>")]
    public void From_NothingVisible_ReturnsNull(string? html)
    {
        FeedText.From(html).ShouldBeNull();
    }
}
