namespace Chorus.Text.Moderation;

/// <summary>Spam signals read from the raw chars: shouting, repeated chars, phone numbers, money amounts.</summary>
internal struct SpamSignals
{
    public int Letters;
    public int Capitals;
    public int LongestRun;
    public int PhoneNumbers;
    public int MoneyAmounts;
    public int Exclamations;

    public static SpamSignals Measure(ReadOnlySpan<char> text)
    {
        var signals = default(SpamSignals);
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetter(c))
            {
                signals.Letters++;
                if (char.IsUpper(c))
                {
                    signals.Capitals++;
                }
            }
            else if (c == '!')
            {
                signals.Exclamations++;
            }
            else if (c is '$' or '€' or '£' && (IsDigitAt(text, i + 1) || IsDigitAt(text, i - 1) || (i + 1 < text.Length && text[i + 1] == c)))
            {
                signals.MoneyAmounts++;
            }
            // Letters ("soooo") and '!'/'?' only: rules of '-', '=' or '*' are layout, not shouting.
            run = i > 0 && c == text[i - 1] && (char.IsLetter(c) || c is '!' or '?') ? run + 1 : 1;
            signals.LongestRun = Math.Max(signals.LongestRun, run);
            if ((c == '+' || char.IsDigit(c)) && (i == 0 || !char.IsLetterOrDigit(text[i - 1])))
            {
                var length = PhoneNumberLength(text[i..]);
                if (length > 0)
                {
                    signals.PhoneNumbers++;
                    i += length - 1;
                    run = 1;
                }
            }
        }
        return signals;
    }

    private static bool IsDigitAt(ReadOnlySpan<char> text, int i) => i >= 0 && i < text.Length && char.IsDigit(text[i]);

    /// <summary>
    /// Length of a phone number at the start of <paramref name="text"/>, or 0: international (+33 6 12 34 56 78),
    /// French (06 12 34 56 78) or North American (555-123-4567, (555) 123-4567).
    /// </summary>
    internal static int PhoneNumberLength(ReadOnlySpan<char> text)
    {
        var digits = 0;
        var length = 0;
        var separatorsInRow = 0;
        while (length < text.Length)
        {
            var c = text[length];
            if (char.IsDigit(c))
            {
                digits++;
                separatorsInRow = 0;
            }
            else if ((c is ' ' or '.' or '-' or '(' or ')' || (c == '+' && length == 0)) && separatorsInRow < 2)
            {
                separatorsInRow++;
            }
            else
            {
                break;
            }
            length++;
        }
        while (length > 0 && !char.IsDigit(text[length - 1]))
        {
            length--;
        }
        if (length < text.Length && char.IsLetterOrDigit(text[length]))
        {
            return 0;
        }
        var international = text[0] == '+' && digits is >= 9 and <= 15;
        var national = text[0] == '0' && digits == 10;
        var northAmerican = digits == 10 && length >= 12 && text[0] != '0';
        return international || national || northAmerican ? length : 0;
    }
}
