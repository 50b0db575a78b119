using System.Globalization;
using Chorus.Text.Language;
using Chorus.Text.Sentiment;

namespace Chorus.Text.Tests.Sentiment;

public class SentimentCharsTests
{
    [Fact]
    public void Of_EveryChar_AgreesWithTheFoldingAndUnicodeDefinitions()
    {
        Span<char> pair = stackalloc char[2];
        for (var code = 0; code <= char.MaxValue; code++)
        {
            var c = (char)code;
            var facts = SentimentChars.Of(c);
            var isWordChar = char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

            SentimentChars.Folded(facts).ShouldBe(CharFolding.Fold(c), $"U+{code:X4}");
            ((facts & SentimentChars.WordChar) != 0).ShouldBe(isWordChar, $"U+{code:X4}");
            if (isWordChar)
            {
                ((facts & SentimentChars.Upper) != 0).ShouldBe(char.IsUpper(c), $"U+{code:X4}");
                ((facts & SentimentChars.Lower) != 0).ShouldBe(!char.IsUpper(c) && char.IsLower(c), $"U+{code:X4}");
                ((facts & SentimentChars.Ligature) != 0).ShouldBe(CharFolding.Fold([c], pair) == 2, $"U+{code:X4}");
            }
        }
    }

    [Theory]
    [InlineData('!', (int)CharMark.Exclamation)]
    [InlineData('?', (int)CharMark.Question)]
    [InlineData('.', (int)CharMark.Boundary)]
    [InlineData('…', (int)CharMark.Boundary)]
    [InlineData(';', (int)CharMark.EmoticonOrBoundary)]
    [InlineData(':', (int)CharMark.EmoticonStart)]
    [InlineData('#', (int)CharMark.Space)]
    [InlineData('@', (int)CharMark.At)]
    [InlineData('\uD83D', (int)CharMark.HighSurrogate)]
    [InlineData('-', (int)CharMark.None)]
    public void Mark_PunctuationAndSurrogates_HaveTheirRole(char c, int mark)
    {
        // The mark is passed as an int: CharMark is internal and test methods are public.
        SentimentChars.Mark(SentimentChars.Of(c)).ShouldBe((CharMark)mark);
    }
}
