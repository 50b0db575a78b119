using System.Text;
using Chorus.Text.Matching;

namespace Chorus.Bench.Match;

/// <summary>A saved query in Chorus syntax and its closest Lucene classic QueryParser translation.</summary>
internal sealed record BenchQuery(string Id, string Chorus, string Lucene);

/// <summary>
/// Seeded generator of a French/English social-media corpus (accents, elisions, hashtags, mentions, urls,
/// emoji, brand names) and of listening queries over the same brands.
/// </summary>
internal sealed class BenchCorpus(int seed)
{
    private static readonly string[] RealBrands =
    [
        "Orange", "Free", "SFR", "Bouygues", "Renault", "Peugeot", "Citroën", "Danone", "Carrefour", "Leclerc",
        "Auchan", "Decathlon", "Michelin", "Airbus", "Thales", "Sanofi", "L'Oréal", "Chanel", "Hermès", "Dior",
        "Apple", "Google", "Samsung", "Netflix", "Spotify", "Amazon", "Tesla", "Nike", "Adidas", "Ikea",
        "SNCF", "Ouigo", "RATP", "Fnac", "Darty", "Boulanger", "Lidl", "Aldi", "Picard", "Sephora",
        "Deezer", "Canal", "TF1", "Ubisoft", "Doctolib", "BlaBlaCar", "Vinted", "Leboncoin", "Qonto", "Alan",
    ];

    private static readonly string[] Syllables =
    [
        "va", "lo", "ri", "ne", "tra", "xi", "mo", "ké", "pa", "zu", "dor", "lin", "vé", "sto", "ka", "ré", "mi", "ta",
        "no", "bel", "fi", "gro", "ty", "lé", "shi", "qua", "ven", "ar", "el", "io", "um", "ix",
    ];

    private static readonly string[] FrenchOpenings =
    [
        "Franchement", "Bon,", "Alors", "Hier soir", "Ce matin", "Aujourd'hui", "J'avoue que", "Depuis une semaine",
        "Encore une fois", "Honnêtement", "Bref,", "Sérieusement", "À mon avis", "Quelqu'un sait si",
    ];

    private static readonly string[] FrenchMiddles =
    [
        "le service client de {0} est vraiment nul", "l'appli {0} plante à chaque mise à jour",
        "j'adore la nouvelle pub d'{0}", "qu'est-ce qu'il se passe avec le réseau {0} ?", "la livraison {0} est arrivée en avance",
        "c'est la troisième panne chez {0} ce mois-ci", "très déçu par {0}, je résilie", "merci {0} pour la réactivité",
        "le prix chez {0} a encore augmenté", "impossible de joindre {0} par téléphone", "l'équipe de {0} a été géniale",
        "on attend toujours le remboursement de {0}", "la fibre {0} ne marche plus depuis l'orage",
        "le café était froid et le serveur désagréable", "il pleut sur Paris, quelle surprise",
        "les élèves rentrent à l'école lundi", "ma grand-mère a fêté ses 90 ans", "le match d'hier était incroyable",
        "j'ai enfin terminé ce bouquin", "qui vient au concert samedi ?", "la réunion a encore été reportée",
    ];

    private static readonly string[] EnglishMiddles =
    [
        "customer service at {0} is a joke", "the {0} app keeps crashing after the update",
        "loving the new {0} ad", "is {0} down for anyone else?", "my {0} order arrived early",
        "third outage at {0} this month", "really disappointed with {0}, cancelling", "thanks {0} for the quick reply",
        "{0} raised prices again", "can't reach {0} support at all", "the {0} team was amazing",
        "still waiting for my {0} refund", "{0} fiber is dead since the storm",
        "coffee was cold and the waiter was rude", "raining in London again, what a surprise",
        "kids go back to school on Monday", "grandma turned 90 today", "last night's game was unreal",
        "finally finished that book", "who's coming to the gig on Saturday?", "the meeting got moved again",
    ];

    private static readonly string[] Endings =
    [
        "", "", "", " 😡", " 👍", " 🙏🏽", " #fail", " #merci", " https://t.co/x3Yz9", " https://www.lemonde.fr/economie/article.html",
        " @{1}", " #{1}", " 😂😂", " !!!", " ❤️", " (source : lemonde.fr)", " e-mail envoyé", " $AAPL",
    ];

    private static readonly string[] Problems = ["panne", "bug", "outage", "réseau", "network", "remboursement", "refund", "arnaque", "scam", "résilier"];

    private readonly Random _random = new(seed);
    private string[] _brands = [];

    public IReadOnlyList<string> Brands => _brands;

    /// <summary>The brand list: real brands first, then invented pronounceable ones.</summary>
    public void MakeBrands(int count)
    {
        var brands = new List<string>(RealBrands);
        var seen = new HashSet<string>(brands, StringComparer.OrdinalIgnoreCase);
        while (brands.Count < count)
        {
            var name = new StringBuilder();
            var parts = _random.Next(2, 4);
            for (var i = 0; i < parts; i++)
            {
                name.Append(Syllables[_random.Next(Syllables.Length)]);
            }
            name[0] = char.ToUpperInvariant(name[0]);
            var brand = name.ToString();
            if (seen.Add(brand))
            {
                brands.Add(brand);
            }
        }
        _brands = [.. brands];
    }

    public List<Post> Posts(int count)
    {
        var posts = new List<Post>(count);
        for (var i = 0; i < count; i++)
        {
            var french = _random.Next(100) < 60;
            // Most posts mention no watched brand at all, as in a real firehose; a few mention one or two.
            var brand = _random.Next(100) < 15 ? _brands[Skewed(_brands.Length)] : Pick(["mon opérateur", "la banque", "le voisin", "ma box", "the store", "my carrier"]);
            var text = new StringBuilder();
            if (french)
            {
                text.Append(Pick(FrenchOpenings)).Append(' ');
            }
            text.AppendFormat(null, Pick(french ? FrenchMiddles : EnglishMiddles), brand);
            if (_random.Next(3) == 0)
            {
                text.Append(". ").AppendFormat(null, Pick(french ? FrenchMiddles : EnglishMiddles), _brands[Skewed(_brands.Length)]);
            }
            text.AppendFormat(null, Pick(Endings), brand, brand.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal));
            posts.Add(new Post
            {
                Text = text.ToString(),
                Lang = french ? "fr" : "en",
                Author = "user" + _random.Next(100000),
                Followers = _random.Next(0, 50000),
                Source = Pick(["bluesky", "mastodon", "rss"]),
                Url = _random.Next(4) == 0 ? "https://www.lemonde.fr/economie/" + i : null,
            });
        }
        return posts;
    }

    public List<BenchQuery> Queries(int count)
    {
        var queries = new List<BenchQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var brand = _brands[i % _brands.Length];
            var other = _brands[_random.Next(_brands.Length)];
            var b = Word(brand);
            var o = Word(other);
            var problem = Pick(Problems);
            var (chorus, lucene) = _random.Next(10) switch
            {
                0 => ($"{b}", $"{b}"),
                1 => ($"{b} OR {o} OR \"{b} mobile\"", $"{b} OR {o} OR \"{b} mobile\""),
                2 => ($"{b} NEAR/3 ({problem} OR panne)", $"(\"{b} {problem}\"~3 OR \"{b} panne\"~3)"),
                3 => ($"\"{b} {problem}\"~2", $"\"{b} {problem}\"~2"),
                4 => ($"{Prefix(b)}* -promo", $"{Prefix(b)}* -promo"),
                5 => ($"({b} OR {o}) lang:fr", $"({b} OR {o}) +lang:fr"),
                6 => ($"#{b} OR @{b}", $"{b}"),
                7 => ($"{b} followers:>1000 NOT concours", $"{b} -concours"),
                8 => ($"({b} OR {o}) AND ({problem} OR bug OR panne)", $"({b} OR {o}) AND ({problem} OR bug OR panne)"),
                _ => ($"{b} ONEAR/2 {problem}", $"\"{b} {problem}\"~2"),
            };
            queries.Add(new BenchQuery($"q{i + 1}", chorus, lucene));
        }
        return queries;
    }

    // Query words are written the way people type them: lower case, accents kept, elided article dropped.
    private static string Word(string brand)
    {
        var word = brand.ToLowerInvariant();
        var apostrophe = word.IndexOf('\'', StringComparison.Ordinal);
        return apostrophe >= 0 ? word[(apostrophe + 1)..] : word;
    }

    private static string Prefix(string word) => word.Length > 4 ? word[..4] : word;

    private int Skewed(int n) => (int)(n * Math.Pow(_random.NextDouble(), 2));

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}
