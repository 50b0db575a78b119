using System.Text;
using Chorus.Text.Matching;

namespace Chorus.Text.Tests.Matching;

/// <summary>Seeded generators of queries and posts over a small shared vocabulary, so that they often meet.</summary>
internal sealed class RandomCorpus(int seed)
{
    private static readonly string[] Words =
    [
        "orange", "Orange", "ORANGE", "réseau", "reseau", "panne", "Panne", "café", "cafe", "Café", "free", "sfr",
        "mobile", "iphone", "iPhone", "l'iPhone", "d’Orange", "qu'Apple", "apple", "aujourd'hui", "wendy's",
        "e-mail", "e", "mail", "#orange", "@orange", "$AAPL", "aapl", "👍", "👍🏽", "œuvre", "oeuvre", "BT", "bt",
        "le", "la", "de", "et", "un", "chez", "très", "super", "nul", "fibre", "box", "lemonde.fr",
        "#orange_fr", "@Orange_FR", "orange_fr", "cafe\u0301",
    ];

    private static readonly string[] QueryWords =
    [
        "orange", "réseau", "reseau", "panne", "café", "cafe", "free", "mobile", "iphone", "apple", "aujourd'hui",
        "wendy's", "e-mail", "mail", "#orange", "@orange", "$aapl", "aapl", "👍", "👍🏽", "œuvre", "oeuvre",
        "chez", "fibre", "box", "lemonde.fr", "oran*", "caf?", "rés*", "res*", "pan*", "f?bre", "+Orange", "+iPhone",
        "{BT}", "+Café", "orange_fr", "orange_f*", "l’iphone",
    ];

    private readonly Random _random = new(seed);

    public string NextQuery(int depth = 0)
    {
        var roll = depth > 2 ? _random.Next(4) : _random.Next(13);
        return roll switch
        {
            0 or 1 or 2 => QueryWords[_random.Next(QueryWords.Length)],
            3 => $"\"{Pick(QueryWords[..22])} {Pick(QueryWords[..22])}\"" + (_random.Next(2) == 0 ? $"~{_random.Next(4)}" : ""),
            4 => $"{NextQuery(depth + 1)} {NextQuery(depth + 1)}",
            5 => $"{NextQuery(depth + 1)} OR {NextQuery(depth + 1)}",
            6 => $"({NextQuery(depth + 1)}) AND ({NextQuery(depth + 1)})",
            7 => $"{NextQuery(depth + 1)} NOT {Pick(QueryWords)}",
            8 => $"({NextQuery(depth + 1)}) {Pick(["NEAR/0", "NEAR/2", "NEAR/3f", "ONEAR/1", "NEAR/5"])} ({NextQuery(depth + 1)})",
            9 => Pick(["lang:fr", "lang:en", "author:alice", "author:(bob OR alice)", "site:lemonde.fr", "url:economie", "country:france", "source:bluesky", "kind:reply", "followers:>1000", "followers:[10 TO 500]", "verified:true", "has:links", "has:media", "-lang:en", "author:al*", "author:@b?b", "country:fr*", "site:www.lemonde.fr", "site:*.example.com", "lang:fr?"]) + " " + NextQuery(depth + 1),
            10 => $"title:{Pick(QueryWords[..22])}",
            11 => $"title:(\"{Pick(QueryWords[..10])} {Pick(QueryWords[..10])}\" OR {Pick(QueryWords[..10])})",
            _ => Pick(["lang:fr", "followers:<100", "verified:false", "has:links"]),
        };
    }

    public Post NextPost()
    {
        return new Post
        {
            Text = Sentence(_random.Next(0, 25)),
            Title = _random.Next(3) == 0 ? Sentence(_random.Next(1, 8)) : null,
            Author = _random.Next(3) == 0 ? Pick(["alice", "@Alice", "bob", "carol"]) : null,
            Url = _random.Next(3) == 0 ? Pick(["https://www.lemonde.fr/economie/a", "https://blog.example.com/x", "http://lemonde.fr"]) : null,
            Lang = _random.Next(2) == 0 ? Pick(["fr", "en", "FR", "fr-CA", "en_GB"]) : null,
            Country = _random.Next(4) == 0 ? Pick(["France", "france", "Belgique"]) : null,
            Source = _random.Next(3) == 0 ? Pick(["bluesky", "rss"]) : null,
            Kind = _random.Next(3) == 0 ? Pick(["post", "reply"]) : null,
            Followers = _random.Next(2) == 0 ? _random.Next(0, 3000) : null,
            Verified = _random.Next(3) == 0 ? _random.Next(2) == 0 : null,
            HasMedia = _random.Next(3) == 0 ? true : null,
        };
    }

    private string Sentence(int words)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            builder.Append(Pick(Words));
            builder.Append(Pick([" ", " ", " ", ", ", ". ", " - ", "! "]));
        }
        return builder.ToString();
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}
