using Chorus.Publishing.Composer;

namespace Chorus.Tests.Publishing.Composer;

public sealed class UtmLinkTests
{
    [Fact]
    public void Apply_LinkWithoutQuery_TagsAddedInOrder()
    {
        UtmLink.Apply("https://cafe.example/menu", new UtmTags("bluesky", "social", "soldes-ete"))
            .ShouldBe("https://cafe.example/menu?utm_source=bluesky&utm_medium=social&utm_campaign=soldes-ete");
    }

    [Fact]
    public void Apply_QueryAndFragment_OtherParametersAndFragmentKept()
    {
        UtmLink.Apply("https://cafe.example/menu?lang=fr#desserts", new UtmTags("mastodon", "social", "hiver"))
            .ShouldBe("https://cafe.example/menu?lang=fr&utm_source=mastodon&utm_medium=social&utm_campaign=hiver#desserts");
    }

    [Fact]
    public void Apply_TagsAlreadyThere_Replaced()
    {
        UtmLink.Apply("https://cafe.example/?utm_source=old&id=3&UTM_CAMPAIGN=old", new UtmTags("wordpress", null, "new"))
            .ShouldBe("https://cafe.example/?id=3&utm_source=wordpress&utm_campaign=new");
    }

    [Fact]
    public void Apply_SpacesAndAccents_Encoded()
    {
        UtmLink.Apply("http://cafe.example:8080/a", new UtmTags("news letter", "e-mail", "été & co"))
            .ShouldBe("http://cafe.example:8080/a?utm_source=news%20letter&utm_medium=e-mail&utm_campaign=%C3%A9t%C3%A9%20%26%20co");
    }

    [Fact]
    public void Apply_EveryTagEmpty_LinkUnchanged()
    {
        UtmLink.Apply("https://cafe.example/menu?lang=fr", new UtmTags(" ", null, "")).ShouldBe("https://cafe.example/menu?lang=fr");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cafe.example/menu")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://cafe.example/menu")]
    public void Apply_NotAnHttpAddress_RefusedOnTheLink(string? link)
    {
        Should.Throw<InputException>(() => UtmLink.Apply(link, new UtmTags("a", "b", "c"))).Field.ShouldBe("link");
    }

    [Fact]
    public void Apply_TagTooLong_RefusedOnThatTag()
    {
        Should.Throw<InputException>(() => UtmLink.Apply("https://cafe.example/", new UtmTags("a", new string('m', 101), "c"))).Field.ShouldBe("utm.medium");
    }

    [Theory]
    [InlineData("Soldes d’été : -50 % sur tout !", "soldes-d-ete-50-sur-tout")]
    [InlineData("  Nouvelle CARTE\n\nd'hiver", "nouvelle-carte-d-hiver")]
    [InlineData("🎉🎉", "post")]
    [InlineData("Une phrase bien plus longue que quarante caractères au total", "une-phrase-bien-plus-longue-que-quarante")]
    public void CampaignFrom_Text_LowerCaseWordsWithoutAccentsJoinedByDashes(string text, string expected)
    {
        UtmLink.CampaignFrom(text).ShouldBe(expected);
    }

    [Fact]
    public void Suggested_Variant_NetworkAsSourceSocialAsMediumTitleAsCampaign()
    {
        UtmTags.Suggested("wordpress", "Carte d’hiver", "Le texte").ShouldBe(new UtmTags("wordpress", "social", "carte-d-hiver"));
    }
}
