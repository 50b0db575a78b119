using Chorus.Text.Tests.Matching;
using Chorus.Text.Tokens;

namespace Chorus.Text.Tests.Tokens;

public class TokenizerTests
{
    private static List<string> KeysAt(string text, int position) =>
        [.. ReferenceEvaluator.Tokenize(text).Where(f => f.Position == position).Select(f => f.Key)];

    private static int Positions(string text) => ReferenceEvaluator.Tokenize(text).Select(f => f.Position).DefaultIfEmpty(-1).Max() + 1;

    [Fact]
    public void Tokenize_PlainWords_FoldsCaseAndKeepsOnePositionPerWord()
    {
        Positions("Bonjour le Monde").ShouldBe(3);
        KeysAt("Bonjour le Monde", 2).ShouldBe(["monde"]);
    }

    [Fact]
    public void Tokenize_AccentedWord_EmitsFoldedAndAccentedForms()
    {
        KeysAt("Un Café", 1).ShouldBe(["cafe", "café"]);
    }

    [Fact]
    public void Tokenize_Ligature_FoldsToTwoLetters()
    {
        KeysAt("Œuvre", 0).ShouldBe(["oeuvre", "œuvre"]);
    }

    [Theory]
    [InlineData("l'iPhone", "iphone")]
    [InlineData("d’Orange", "orange")]
    [InlineData("qu'Apple", "apple")]
    [InlineData("jusqu'ici", "ici")]
    [InlineData("lorsqu'il", "il")]
    public void Tokenize_FrenchElision_SplitsTheArticleOff(string text, string expected)
    {
        Positions(text).ShouldBe(1);
        KeysAt(text, 0).ShouldContain(expected);
        KeysAt(text, 0).ShouldNotContain(text[..text.IndexOfAny(['\'', '’'])].ToLowerInvariant());
    }

    [Fact]
    public void Tokenize_ApostropheWord_KeepsTheJoinedFormWithNormalisedApostrophe()
    {
        KeysAt("Aujourd’hui", 0).ShouldContain("aujourd'hui");
        KeysAt("Wendy's", 0).ShouldBe(["wendy's", "wendy", "s"]);
    }

    [Fact]
    public void Tokenize_HyphenAndDot_SplitWords()
    {
        Positions("e-mail lemonde.fr").ShouldBe(4);
        KeysAt("e-mail", 1).ShouldBe(["mail"]);
    }

    [Theory]
    [InlineData("#Orange", "#orange")]
    [InlineData("@orange", "@orange")]
    [InlineData("$AAPL", "$aapl")]
    public void Tokenize_Sigils_KeepTheSigilAndTheBareWord(string text, string sigilForm)
    {
        Positions(text).ShouldBe(1);
        var keys = KeysAt(text, 0);
        keys.ShouldContain(sigilForm);
        keys.ShouldContain(sigilForm[1..]);
    }

    [Fact]
    public void Tokenize_DollarBeforeDigits_IsNotACashtag()
    {
        KeysAt("$100", 0).ShouldBe(["100"]);
    }

    [Fact]
    public void Tokenize_HashInsideWord_IsNotAHashtag()
    {
        KeysAt("C#", 0).ShouldBe(["c"]);
        Positions("C#").ShouldBe(1);
    }

    [Fact]
    public void Tokenize_Emoji_EachIsATokenEvenWithoutSpaces()
    {
        Positions("super👍🎉").ShouldBe(3);
        KeysAt("super👍🎉", 1).ShouldBe(["👍"]);
    }

    [Fact]
    public void Tokenize_SkinToneAndVariationSelector_ToneKeptBaseAlsoEmitted()
    {
        KeysAt("👍🏽", 0).ShouldBe(["👍🏽", "👍"]);
        KeysAt("❤️", 0).ShouldBe(["❤"]);
    }

    [Fact]
    public void Tokenize_ZwjSequenceAndFlag_AreSingleTokens()
    {
        Positions("👨‍👩‍👧 🇫🇷").ShouldBe(2);
        KeysAt("🇫🇷", 0).ShouldBe(["🇫🇷"]);
    }

    [Fact]
    public void Tokenize_CombiningMark_StaysInsideTheWord()
    {
        Positions("cafe\u0301 noir").ShouldBe(2);
        KeysAt("cafe\u0301", 0).ShouldContain("cafe");
    }

    [Fact]
    public void Tokenize_DecomposedAccent_AccentedFormIsComposed()
    {
        KeysAt("Cafe\u0301", 0).ShouldBe(["cafe", "caf\u00e9"]);
    }

    [Fact]
    public void Tokenize_SteadyState_AllocatesNothing()
    {
        var scratch = new TokenizerScratch();
        var sink = new CountingSink();
        const string text = "L'iPhone d’Orange est en panne aujourd'hui à Paris #orange @free 👍🏽 https://www.lemonde.fr/a-b cafe\u0301";
        Tokenizer.Tokenize(text, ref sink, scratch);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Tokenizer.Tokenize(text, ref sink, scratch);
        }
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        sink.Count.ShouldBeGreaterThan(1000);
    }

    [Fact]
    public void Fold_UnaccentedAndAccented_Differ()
    {
        TextFolding.Fold("Réseau").ShouldBe("reseau");
        TextFolding.HasAccents("réseau").ShouldBeTrue();
        TextFolding.HasAccents("Reseau").ShouldBeFalse();
    }

    [Fact]
    public void Tokenize_RandomUnicode_NeverThrowsAndKeepsSourceSpansInside()
    {
        var random = new Random(11);
        string[] pieces = ["a", "É", "'", "’", "-", ".", "#", "@", "$", "_", "\u0301", "\u200D", "\uFE0F", "👍", "🏽", "🇫", "🇷", "\uD83D", "\uDC4D", " ", "l'", "qu'", "9", "ß", "œ", "\u0130", "中"];
        for (var i = 0; i < 5000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 20)).Select(_ => pieces[random.Next(pieces.Length)]));
            var forms = ReferenceEvaluator.Tokenize(text);
            foreach (var form in forms)
            {
                form.Key.ShouldNotBeEmpty(text);
                text.ShouldContain(form.Surface);
            }
        }
    }

    private struct CountingSink : ITermSink
    {
        public int Count;

        public void OnTerm(ReadOnlySpan<char> key, int position, int sourceStart, int sourceLength) => Count++;
    }
}
