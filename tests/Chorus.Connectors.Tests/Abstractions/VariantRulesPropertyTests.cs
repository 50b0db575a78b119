using System.Globalization;
using Chorus.Connectors.Abstractions;
using CsCheck;

namespace Chorus.Connectors.Tests.Abstractions;

/// <summary>What holds for any text: graphemes counted as StringInfo counts them, links as 23 on Mastodon whatever
/// their length, remote mentions as their local part, and an overflow offset that splits the text at the limit.</summary>
public sealed class VariantRulesPropertyTests
{
    private static readonly TextLimit Mastodon = PublishingNetworks.Mastodon.Limits.Text!;
    private static readonly TextLimit Bluesky = PublishingNetworks.Bluesky.Limits.Text!;

    // Pieces of text people write: accented and decomposed letters, emoji with tones and joiners, flags, apostrophes.
    private static readonly Gen<string> Piece = Gen.Frequency(
        (6, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzéèàçÉ "], 1, 8]),
        (3, Gen.OneOf("é", "e\u0301", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "1️⃣", "’", "'", "«\u00A0", "\n", "ﬁ", "œ", "😀", "\u200D", "\u0301")),
        (1, Gen.String[Gen.Char, 0, 4]));

    private static readonly Gen<string> Prose = Piece.Array[0, 40].Select(string.Concat);

    // Prose with nothing Mastodon would read as a link or a mention.
    private static readonly Gen<string> PlainProse = Prose.Select(t => t.Replace("@", " ").Replace("/", " ").Replace(":", " "));

    // A path ends with a letter or digit: punctuation after a link ends the sentence, not the link.
    private static readonly Gen<string> UrlPath = Gen.Select(Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_/?=&%#~+.,!()"], 0, 400], Gen.Char["az09"],
        (path, last) => path + last);

    private static readonly Gen<string> Url = Gen.Select(Gen.OneOf("http", "https", "HTTPS"), Gen.OneOf("example.org", "www.exemple.fr", "sub.domain.co.uk", "xn--caf-dma.fr", "localhost:8080"), UrlPath,
        (scheme, host, path) => $"{scheme}://{host}/{path}");

    [Fact]
    public void Length_Graphemes_IsStringInfosCount() =>
        Prose.Sample(text => VariantRules.Length(Bluesky, text).ShouldBe(new StringInfo(text).LengthInTextElements), iter: 2000);

    [Fact]
    public void Length_Characters_IsUtf16Length() =>
        Prose.Sample(text => VariantRules.Length(new TextLimit(10, TextCounting.Characters), text).ShouldBe(text.Length), iter: 1000);

    [Fact]
    public void Length_MastodonLink_CountsAs23WhateverItsLength() =>
        Gen.Select(PlainProse, Url, PlainProse).Sample((before, url, after) =>
        {
            var written = before + " " + url + " " + after;
            var placeholder = before + " " + new string('x', 23) + " " + after;
            VariantRules.Length(Mastodon, written).ShouldBe(VariantRules.Length(Mastodon, placeholder), written);
        }, iter: 2000);

    [Fact]
    public void Length_MastodonRemoteMention_CountsAsItsLocalPart() =>
        Gen.Select(PlainProse, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_"], 1, 30], Gen.OneOf("mastodon.social", "piaille.fr", "a.b.c.example"), PlainProse)
            .Sample((before, user, domain, after) =>
            {
                var remote = before + " @" + user + "@" + domain + " " + after;
                var local = before + " @" + user + " " + after;
                VariantRules.Length(Mastodon, remote).ShouldBe(VariantRules.Length(Mastodon, local), remote);
            }, iter: 2000);

    [Fact]
    public void Check_OverTheLimit_OverflowSplitsTheTextAtTheLimit() =>
        Gen.Select(Prose, Gen.Int[0, 60]).Sample((text, max) =>
        {
            var limits = new NetworkLimits(new TextLimit(max, TextCounting.Graphemes), false, null);
            var check = VariantRules.Check(limits, ConnectorCapabilities.PublishText, new VariantContent { Text = text });
            var length = new StringInfo(text).LengthInTextElements;
            var tooLong = check.Problems.Where(p => p.Kind == VariantProblemKind.TooLong).ToList();
            if (length <= max)
            {
                tooLong.ShouldBeEmpty();
                return;
            }
            var problem = tooLong.ShouldHaveSingleItem();
            problem.Length.ShouldBe(length);
            new StringInfo(text[..problem.Start!.Value]).LengthInTextElements.ShouldBe(max);
        }, iter: 2000);

    [Fact]
    public void Check_BadFiles_OneProblemEach() =>
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 4]).Sample((good, bad) =>
        {
            var media = Enumerable.Range(0, good).Select(_ => new VariantMedia("image/jpeg", 10, "ok"))
                .Concat(Enumerable.Range(0, bad).Select(_ => new VariantMedia("application/pdf", 10, "ok"))).ToList();
            var problems = VariantRules.Check(PublishingNetworks.Mastodon, new VariantContent { Text = "a", Media = media }).Problems;
            problems.Count(p => p.Kind == VariantProblemKind.FileType).ShouldBe(bad);
            problems.Any(p => p.Kind == VariantProblemKind.TooManyFiles).ShouldBe(good + bad > 4);
            problems.Where(p => p.Kind == VariantProblemKind.FileType).Select(p => p.Field).ShouldBe(Enumerable.Range(good, bad).Select(i => $"media[{i}]"));
        }, iter: 200);
}
