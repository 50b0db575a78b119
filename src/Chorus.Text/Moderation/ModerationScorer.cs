using System.Buffers;
using Chorus.Text.Duplicates;
using Chorus.Text.Language;

namespace Chorus.Text.Moderation;

/// <summary>
/// Scores abuse (insults, profanity, sexual terms, hate, threats, self-harm incitement) and spam
/// (links, shorteners, phone numbers, money, spam phrases, shouting, repetition, hashtag/mention
/// stuffing) in French and English. Words are matched whole, after de-obfuscation, so "Scunthorpe"
/// or "connaissance" never match "cunt" or "con". Thread-safe.
/// </summary>
public static class ModerationScorer
{
    private const int StackLimit = 1024;
    private const double SureLanguage = 0.9;

    /// <summary>The same comment on this many other posts, or from this many other authors, is spam.</summary>
    public const int DuplicateItems = 2;

    /// <inheritdoc cref="DuplicateItems"/>
    public const int DuplicateAuthors = 2;

    /// <summary>Weight of each duplicate reason: either alone reaches the 0.5 spam threshold.</summary>
    public const double DuplicateWeight = 0.55;

    /// <summary>Scores <paramref name="text"/>; detects the language when <paramref name="language"/> is null or empty.</summary>
    public static ModerationScore Score(string text, string? language = null) => Score(text, language, null);

    /// <summary>
    /// Scores a comment received on <paramref name="item"/> (a post id or URL), with the recent comments of the
    /// inbox: the same words on other posts or from other authors are spam ("duplicate" reasons).
    /// </summary>
    public static ModerationScore Score(string text, string? language, CommentAuthor? author, RecentComments recent, string item)
    {
        ArgumentNullException.ThrowIfNull(recent);
        return WithDuplicates(Score(text, language, author), recent.FindSimilar(text, author?.Name, item));
    }

    /// <summary>
    /// <paramref name="score"/> with the "duplicate" reasons that <paramref name="similar"/> calls for: the same
    /// words on <see cref="DuplicateItems"/> other posts, or from <see cref="DuplicateAuthors"/> other authors.
    /// </summary>
    public static ModerationScore WithDuplicates(ModerationScore score, SimilarComments similar)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (similar.OtherItems < DuplicateItems && similar.OtherAuthors < DuplicateAuthors)
        {
            return score;
        }
        var found = new ModerationFindings();
        found.Replay(score);
        if (similar.OtherItems >= DuplicateItems)
        {
            found.AddSpam("duplicate", $"on {similar.OtherItems} other posts", DuplicateWeight);
        }
        if (similar.OtherAuthors >= DuplicateAuthors)
        {
            found.AddSpam("duplicate", $"from {similar.OtherAuthors} other authors", DuplicateWeight);
        }
        return found.ToScore();
    }

    /// <summary>Scores a comment <paramref name="text"/> with its author's name and website when known.</summary>
    public static ModerationScore Score(string text, string? language, CommentAuthor? author)
    {
        ArgumentNullException.ThrowIfNull(text);
        var languages = Languages(text, language);
        var buffer = ArrayPool<char>.Shared.Rent((2 * text.Length) + 2);
        var words = ArrayPool<DecodedWord>.Shared.Rent(text.Length + 1);
        try
        {
            var counts = default(ChunkCounts);
            var count = ObfuscationDecoder.Decode(text, buffer, words, ref counts);
            var found = new ModerationFindings();
            List<AbuseHit>? hits = null;
            FindTerms(buffer, words.AsSpan(0, count), languages, ref hits, ref found);
            if (ThreatRules.TryFind(buffer, words.AsSpan(0, count), languages, out var first, out var last))
            {
                var phrase = string.Join(' ', words[first..(last + 1)].Select(w => new string(buffer, w.Start, w.Length)));
                found.AddAbuse(AbuseCategory.Threat, phrase, ThreatRules.Weight);
            }
            if (hits is not null)
            {
                AbuseRules.Weigh(buffer, words.AsSpan(0, count), hits, counts.Mentions > 0, ref found);
            }
            AddSpamSignals(text, buffer, words.AsSpan(0, count), counts, ref found);
            if (counts.Links > 0)
            {
                CommentSpam.AddCommercialLinks(text, ref found);
            }
            if (author is not null)
            {
                CommentSpam.AddAuthorSignals(author, ref found);
            }
            CommentSpam.AddGenericPraise(buffer, words.AsSpan(0, count), ref found);
            return found.ToScore();
        }
        finally
        {
            ArrayPool<DecodedWord>.Shared.Return(words);
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    // A given language is trusted. A detected one only when sure: short, accent-free French tweets are often
    // taken for English, and then French abuse would go unseen, so an unsure guess reads both languages.
    private static TermLanguages Languages(string text, string? language)
    {
        var code = string.IsNullOrEmpty(language)
            ? LanguageIdentifier.Identify(text) is { Confidence: >= SureLanguage } guess ? guess.Language : ""
            : language;
        return code.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? TermLanguages.English
            : code.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? TermLanguages.French
            : TermLanguages.Any;
    }

    private static void FindTerms(
        ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words, TermLanguages languages, ref List<AbuseHit>? hits, ref ModerationFindings found)
    {
        var lexicon = ModerationLexicon.Instance;
        Span<char> key = stackalloc char[128];
        for (var i = 0; i < words.Length; i++)
        {
            var word = buffer.Slice(words[i].Start, words[i].Length);
            lexicon.Terms.TryGetValue(word, out var slot);
            var matchedWords = 0;
            for (var n = Math.Min(slot.LongestPhrase, words.Length - i); n >= 2 && matchedWords == 0; n--)
            {
                var length = JoinWords(buffer, words.Slice(i, n), key);
                if (length > 0 && lexicon.Terms.TryGetValue(key[..length], out var phrase))
                {
                    matchedWords = Record(phrase, languages, i, i + n - 1, ref hits, ref found) ? n : 0;
                }
            }
            if (matchedWords > 0)
            {
                i += matchedWords - 1;
                continue;
            }
            if (Record(slot, languages, i, i, ref hits, ref found))
            {
                continue;
            }
            if (MatchObfuscated(lexicon, word, words[i], key, languages) is { } term)
            {
                (hits ??= []).Add(new AbuseHit(i, i, term));
                continue;
            }
            // Letters typed one by one: "f u c k", "c o n n a r d".
            var run = 0;
            while (i + run < words.Length && words[i + run].Length == 1)
            {
                run++;
            }
            if (run >= 3 && run <= key.Length)
            {
                for (var k = 0; k < run; k++)
                {
                    key[k] = buffer[words[i + k].Start];
                }
                if (MatchSpelled(lexicon, key[..run], languages) is { } spelled)
                {
                    (hits ??= []).Add(new AbuseHit(i, i + run - 1, spelled));
                    i += run - 1;
                }
            }
        }
    }

    private static bool Record(TermSlot slot, TermLanguages languages, int first, int last, ref List<AbuseHit>? hits, ref ModerationFindings found)
    {
        var recorded = false;
        if (slot.Abuse is { } abuse && (abuse.Languages & languages) != 0)
        {
            (hits ??= []).Add(new AbuseHit(first, last, abuse));
            recorded = true;
        }
        if (slot.Spam is { } spam && (spam.Languages & languages) != 0)
        {
            found.AddSpam("spam-term", spam.Display, spam.Weight);
            found.PraisePhrases += spam.Category == "praise" ? 1 : 0;
            recorded = true;
        }
        return recorded;
    }

    private static ModerationTerm? MatchObfuscated(ModerationLexicon lexicon, ReadOnlySpan<char> word, DecodedWord decoded, Span<char> key, TermLanguages languages)
    {
        if (word.Length > key.Length)
        {
            return null;
        }
        if (decoded.Masked)
        {
            return MatchMasked(lexicon, word, key, languages);
        }
        var squeezedLength = ModerationLexicon.Squeeze(word, key);
        var repeated = squeezedLength <= word.Length - 2;
        if ((repeated || decoded.Obfuscated) && lexicon.Squeezed.TryGetValue(key[..squeezedLength], out var squeezed) && Applies(squeezed, languages))
        {
            return squeezed;
        }
        if (decoded.Obfuscated && lexicon.Leet.TryGetValue(word, out var leet) && Applies(leet, languages))
        {
            return leet;
        }
        return null;
    }

    /// <summary>"f*ck", "c*nnard": each '*' tried as each vowel.</summary>
    private static ModerationTerm? MatchMasked(ModerationLexicon lexicon, ReadOnlySpan<char> word, Span<char> key, TermLanguages languages)
    {
        const string vowels = "aeiouy";
        var masks = word.Count('*');
        if (masks is 0 or > 2 || word.Length < 3)
        {
            return null;
        }
        var combinations = masks == 1 ? vowels.Length : vowels.Length * vowels.Length;
        for (var combination = 0; combination < combinations; combination++)
        {
            word.CopyTo(key);
            var choice = combination;
            for (var k = 0; k < word.Length; k++)
            {
                if (key[k] == '*')
                {
                    key[k] = vowels[choice % vowels.Length];
                    choice /= vowels.Length;
                }
            }
            if (lexicon.Terms.TryGetValue(key[..word.Length], out var slot) && slot.Abuse is { } term && Applies(term, languages))
            {
                return term;
            }
        }
        return null;
    }

    private static ModerationTerm? MatchSpelled(ModerationLexicon lexicon, Span<char> joined, TermLanguages languages)
    {
        if (lexicon.Terms.TryGetValue(joined, out var slot) && slot.Abuse is { } term && Applies(term, languages))
        {
            return term;
        }
        var length = ModerationLexicon.Squeeze(joined, joined);
        return lexicon.Squeezed.TryGetValue(joined[..length], out var squeezed) && Applies(squeezed, languages) ? squeezed : null;
    }

    private static bool Applies(ModerationTerm term, TermLanguages languages) => (term.Languages & languages) != 0;

    private static int JoinWords(ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words, Span<char> key)
    {
        var length = 0;
        foreach (var word in words)
        {
            if (length + word.Length + 1 > key.Length)
            {
                return 0;
            }
            if (length > 0)
            {
                key[length++] = ' ';
            }
            buffer.Slice(word.Start, word.Length).CopyTo(key[length..]);
            length += word.Length;
        }
        return length;
    }

    private static void AddSpamSignals(ReadOnlySpan<char> text, ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words, ChunkCounts counts, ref ModerationFindings found)
    {
        if (counts.Links > 0)
        {
            found.AddSpam("links", counts.Links.ToString(System.Globalization.CultureInfo.InvariantCulture), counts.Links switch { 1 => 0.15, 2 => 0.3, _ => 0.5 });
        }
        if (counts.ShortenerLength > 0)
        {
            found.AddSpam("shortener", text.Slice(counts.ShortenerStart, counts.ShortenerLength).ToString().ToLowerInvariant(), 0.4);
        }
        if (counts.Emails > 0)
        {
            found.AddSpam("email", counts.Emails.ToString(System.Globalization.CultureInfo.InvariantCulture), 0.1);
        }
        if (counts.Hashtags >= 5)
        {
            found.AddSpam("hashtags", counts.Hashtags.ToString(System.Globalization.CultureInfo.InvariantCulture), counts.Hashtags >= 10 ? 0.45 : 0.3);
        }
        if (counts.Mentions >= 5)
        {
            found.AddSpam("mentions", counts.Mentions.ToString(System.Globalization.CultureInfo.InvariantCulture), counts.Mentions >= 10 ? 0.45 : 0.3);
        }
        var signals = SpamSignals.Measure(text);
        if (signals.PhoneNumbers > 0)
        {
            found.AddSpam("phone", signals.PhoneNumbers.ToString(System.Globalization.CultureInfo.InvariantCulture), 0.3);
        }
        if (signals.MoneyAmounts > 0)
        {
            found.AddSpam("money", signals.MoneyAmounts.ToString(System.Globalization.CultureInfo.InvariantCulture), signals.MoneyAmounts >= 3 ? 0.35 : 0.2);
        }
        if (signals.Letters >= 20 && signals.Capitals > signals.Letters * 0.6)
        {
            found.AddSpam("shouting", $"{signals.Capitals * 100 / signals.Letters}% capitals", 0.25);
        }
        if (signals.LongestRun >= 5)
        {
            found.AddSpam("repetition", "characters", 0.15);
        }
        if (words.Length >= 6 && MostRepeatedWord(buffer, words) is var repeats && repeats >= 3 && repeats * 4 >= words.Length)
        {
            found.AddSpam("repetition", "words", 0.3);
        }
    }

    /// <summary>Occurrences of the most frequent word of 3+ chars (hashes sorted, no strings).</summary>
    private static int MostRepeatedWord(ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words)
    {
        var hashes = ArrayPool<ulong>.Shared.Rent(words.Length);
        try
        {
            var count = 0;
            foreach (var word in words)
            {
                if (word.Length >= 3)
                {
                    hashes[count++] = TextHash.Hash(buffer.Slice(word.Start, word.Length));
                }
            }
            var span = hashes.AsSpan(0, count);
            span.Sort();
            var best = 0;
            for (var i = 0; i < span.Length;)
            {
                var j = i;
                while (j < span.Length && span[j] == span[i])
                {
                    j++;
                }
                best = Math.Max(best, j - i);
                i = j;
            }
            return best;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
        }
    }
}
