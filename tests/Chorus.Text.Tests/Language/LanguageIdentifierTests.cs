using Chorus.Text.Language;

namespace Chorus.Text.Tests.Language;

public class LanguageIdentifierTests
{
    // Short texts written for these tests (not part of the training seed), 3 to 12 words each.
    public static TheoryData<string, string> ShortTexts => new()
    {
        { "en", "where is my package" },
        { "en", "this is so cool" },
        { "en", "I love this new phone" },
        { "en", "Worst customer service ever, never again" },
        { "en", "Thanks for the quick reply!" },
        { "en", "can't wait for the weekend" },
        { "en", "Who is coming to the party tonight?" },
        { "fr", "où est mon colis" },
        { "fr", "c'est trop bien" },
        { "fr", "J'adore ce nouveau téléphone" },
        { "fr", "Service client nul, plus jamais" },
        { "fr", "Merci pour la réponse rapide !" },
        { "fr", "Qui vient à la soirée ce soir ?" },
        { "es", "dónde está mi paquete" },
        { "es", "esto es genial" },
        { "es", "Me encanta este teléfono nuevo" },
        { "es", "El peor servicio al cliente, nunca más" },
        { "es", "Gracias por la respuesta tan rápida" },
        { "es", "¿Quién viene a la fiesta esta noche?" },
        { "de", "wo ist mein Paket" },
        { "de", "das ist so cool" },
        { "de", "Ich liebe dieses neue Handy" },
        { "de", "Schlechtester Kundenservice aller Zeiten, nie wieder" },
        { "de", "Danke für die schnelle Antwort!" },
        { "de", "Wer kommt heute Abend zur Party?" },
        { "it", "dov'è il mio pacco" },
        { "it", "questo è fantastico" },
        { "it", "Adoro questo nuovo telefono" },
        { "it", "Il peggior servizio clienti di sempre, mai più" },
        { "it", "Grazie per la risposta veloce!" },
        { "it", "Chi viene alla festa stasera?" },
        { "pt", "onde está a minha encomenda" },
        { "pt", "isto é muito fixe" },
        { "pt", "Adoro este telemóvel novo" },
        { "pt", "O pior atendimento ao cliente, nunca mais" },
        { "pt", "Obrigado pela resposta tão rápida!" },
        { "pt", "Quem vem à festa hoje à noite?" },
        { "nl", "waar is mijn pakket" },
        { "nl", "dit is echt gaaf" },
        { "nl", "Ik hou van deze nieuwe telefoon" },
        { "nl", "Slechtste klantenservice ooit, nooit meer" },
        { "nl", "Bedankt voor het snelle antwoord!" },
        { "nl", "Wie komt er vanavond naar het feest?" },
    };

    // Known misses, kept in the accuracy figure: English loanwords outweigh the only French word.
    private static readonly (string Language, string Text)[] HardShortTexts =
    [
        ("fr", "vivement le week-end"),
    ];

    [Theory]
    [MemberData(nameof(ShortTexts))]
    public void Identify_ShortText_ReturnsItsLanguage(string expected, string text)
    {
        var guess = LanguageIdentifier.Identify(text);

        guess.Language.ShouldBe(expected, $"\"{text}\" (confidence {guess.Confidence:F2})");
    }

    [Fact]
    public void Identify_ShortTexts_AccuracyAtLeastNinetyPercent()
    {
        var cases = ShortTexts.Select(row => ((string)row[0], (string)row[1])).Concat(HardShortTexts).ToList();

        var correct = cases.Count(c => LanguageIdentifier.Identify(c.Item2).Language == c.Item1);

        ((double)correct / cases.Count).ShouldBeGreaterThanOrEqualTo(0.9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345 !!! :-) 🎉")]
    [InlineData("1.2.3.4 / 42 %")]
    public void Identify_NoLetters_ReturnsUndetermined(string text)
    {
        var guess = LanguageIdentifier.Identify(text);

        guess.Language.ShouldBe(LanguageGuess.Undetermined);
        guess.Confidence.ShouldBe(0);
        guess.IsDetermined.ShouldBeFalse();
    }

    [Fact]
    public void Identify_UnknownScript_ReturnsUndetermined()
    {
        LanguageIdentifier.Identify("Привет, как дела? Всё хорошо").Language.ShouldBe(LanguageGuess.Undetermined);
    }

    [Fact]
    public void Identify_LongClearText_IsConfident()
    {
        var guess = LanguageIdentifier.Identify(
            "Bonjour à tous, nous avons le plaisir de vous annoncer que la boutique sera ouverte dimanche prochain de dix heures à dix-huit heures.");

        guess.Language.ShouldBe("fr");
        guess.Confidence.ShouldBeGreaterThan(0.95);
        guess.Confidence.ShouldBeLessThanOrEqualTo(1.0);
    }

    [Fact]
    public void Identify_ConfidenceOfShortTextIsBelowLongText()
    {
        var shortGuess = LanguageIdentifier.Identify("super cool");
        var longGuess = LanguageIdentifier.Identify("This is really a super cool feature and I think everybody in the team should use it every day.");

        shortGuess.Confidence.ShouldBeLessThan(longGuess.Confidence);
    }

    [Fact]
    public void Identify_SupportsSevenLanguages()
    {
        LanguageIdentifier.SupportedLanguages.ShouldBe(["en", "fr", "es", "de", "it", "pt", "nl"], ignoreOrder: true);
    }

    [Fact]
    public void Identify_VeryLongText_StillIdentifies()
    {
        var text = string.Concat(Enumerable.Repeat("Der schnelle braune Fuchs springt über den faulen Hund. ", 20_000));

        var guess = LanguageIdentifier.Identify(text);

        guess.Language.ShouldBe("de");
        guess.Confidence.ShouldBeGreaterThan(0.99);
    }
    // French as it is often typed: lower case, no accents, elisions, chat words.
    [Theory]
    [InlineData("tres decu")]
    [InlineData("t'inquiete")]
    [InlineData("ca me saoule")]
    [InlineData("t'as vu ca")]
    [InlineData("il a ete tres gentil")]
    public void Identify_FrenchWithoutAccents_IsFrench(string text)
    {
        LanguageIdentifier.Identify(text).Language.ShouldBe("fr");
    }

    [Fact]
    public void Identify_AccentsAreNotNeeded_SameGuessWithAndWithout()
    {
        var accented = LanguageIdentifier.Identify("Très déçu, ça a été une catastrophe");
        var plain = LanguageIdentifier.Identify("tres decu, ca a ete une catastrophe");

        plain.ShouldBe(accented);
        plain.Language.ShouldBe("fr");
    }

    [Fact]
    public void Identify_HashtagsMentionsAndLinks_AreNotEvidence()
    {
        var bare = LanguageIdentifier.Identify("merci beaucoup");
        var decorated = LanguageIdentifier.Identify("merci beaucoup #BlackFriday @johnsmith https://example.com/the-best-news www.shop.example");

        decorated.ShouldBe(bare);
    }

    [Theory]
    [InlineData("@user @user url")]
    [InlineData("#tbt https://t.co/abc123")]
    [InlineData("a")]
    [InlineData("zzz")]
    public void Identify_NothingToJudgeOrNoLanguageStandsOut_ReturnsUndetermined(string text)
    {
        LanguageIdentifier.Identify(text).Language.ShouldBe(LanguageGuess.Undetermined);
    }
}
