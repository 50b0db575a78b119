using System.Globalization;
using Chorus.Channels.Pages;
using Chorus.Tests.Support;
using Microsoft.Extensions.Localization;

namespace Chorus.Tests.Channels;

/// <summary>A network's words reach the person as one short sentence in their language, never as a pasted page.</summary>
public sealed class ChannelMessagesTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    private static readonly string NotFoundPage = "Feed answered 404 Not Found: <!DOCTYPE html><html><head><title>404</title><style>body{margin:0}</style></head><body>"
        + string.Concat(Enumerable.Repeat("<p>Sorry, this page is gone. Try our home page.</p>", 60)) + "</body></html>";

    [Theory]
    [InlineData("fr", "Rien n’a été trouvé à cette adresse. Vérifiez l’adresse et réessayez.")]
    [InlineData("en", "Nothing was found at this address. Check the address and try again.")]
    public void ServerErrorPage_BecomesOneTranslatedSentence(string language, string expected) =>
        InCulture(language, localizer => ChannelMessages.Explain(localizer, NotFoundPage).ShouldBe(expected));

    [Fact]
    public void UnknownReasonInHtml_SummarisedShortWithoutMarkup_InFrench() => InCulture("fr", localizer =>
    {
        var message = ChannelMessages.Explain(localizer, "<html><body>" + string.Concat(Enumerable.Repeat("<b>odd</b> answer &amp; more ", 40)) + "</body></html>");

        message.ShouldStartWith("Cela n’a pas fonctionné (");
        message.ShouldNotContain("<");
        message.ShouldNotContain("&amp;");
        message.Length.ShouldBeLessThan(ChannelMessages.DetailLength + 100);
    });

    [Fact]
    public void Summary_DropsStylesAndScripts() =>
        ChannelMessages.Summarise("<style>body{margin:0}</style><script>alert(1)</script><p>Gone</p>").ShouldBe("Gone");

    [Theory]
    [InlineData("Bluesky answered 401 Unauthorized: AuthenticationRequired: Invalid identifier or password", "Le réseau a refusé ces identifiants.")]
    [InlineData("Could not reach Feed for GET /feed.xml: Connection refused", "Chorus n’a pas pu joindre cette adresse.")]
    [InlineData("not a feed: the root element is <html>, expected <rss>, <rdf:RDF> or an Atom <feed>", "Cette adresse répond, mais pas avec un flux.")]
    [InlineData("Mastodon answered 503 Service Unavailable", "Le réseau a eu un problème de son côté.")]
    [InlineData(null, "Aucune raison n’a été donnée.")]
    public void KnownFailures_SayWhatToDoNext_InFrench(string? reason, string start) =>
        InCulture("fr", localizer => ChannelMessages.Explain(localizer, reason).ShouldStartWith(start));

    private void InCulture(string language, Action<IStringLocalizer> check)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(language);
            check(app.Get<IStringLocalizer<SharedResource>>());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
